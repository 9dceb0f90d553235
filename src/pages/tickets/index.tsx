import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { View, Text } from '@tarojs/components'
import type { ResidentFilter } from '@contract/lifecycle'
import { ElderSwitch } from '@/components/ElderMode'
import PageShell from '@/components/PageShell'
import { EmptyView, ErrorView, LoadingView } from '@/components/StateViews'
import { storedSession } from '@/services/session'
import { roleProps } from '@/utils/a11y'
import { EMPTY_TEXT, FILTER_TABS } from './lib/filters'
import TicketCard from './TicketCard'
import { useTicketList } from './useTicketList'
import { badgeText, useUnreadBadge } from './useUnreadBadge'
import './index.scss'

const MESSAGES_URL = '/packages/ticket/messages/index'
const goReport = () => Taro.switchTab({ url: '/pages/report/index' })

/** 我的工单 tab: the tickets I reported or follow, by status, with the unread notifications. */
export default function TicketsPage() {
  const [filter, setFilter] = useState<ResidentFilter>('all')
  const list = useTicketList(filter)
  const { unread, refreshUnread } = useUnreadBadge()
  const [now, setNow] = useState(Date.now)
  const shownBefore = useRef(false)
  // Worker mode (#12): a small entry only; everything else lives in packages/work.
  const worker = storedSession()?.user.role === 'worker'

  // Coming back from a detail (rated, appealed) or the messages page: statuses and counts moved.
  useDidShow(() => {
    setNow(Date.now())
    void refreshUnread()
    if (shownBefore.current) void list.refresh()
    shownBefore.current = true
  })

  usePullDownRefresh(() => {
    setNow(Date.now())
    void Promise.all([list.refresh(), refreshUnread()]).finally(() => Taro.stopPullDownRefresh())
  })

  useReachBottom(() => {
    if (list.hasMore && !list.moreError) void list.loadMore()
  })

  return (
    <PageShell>
      <View
        className="messages-entry card"
        hoverClass="messages-entry--pressed"
        {...roleProps('link')}
        aria-label={unread > 0 ? `消息通知，${unread}条未读` : '消息通知，没有未读'}
        onClick={() => Taro.navigateTo({ url: MESSAGES_URL })}
      >
        <Text className="messages-entry__title">消息通知</Text>
        {unread > 0 ? (
          <Text className="messages-entry__badge">{badgeText(unread)}条未读</Text>
        ) : (
          <Text className="messages-entry__hint">暂无未读</Text>
        )}
        <Text className="messages-entry__arrow" aria-hidden>
          ›
        </Text>
      </View>

      <View className="messages-entry card" {...roleProps('link')} onClick={() => Taro.navigateTo({ url: `/packages/work/${worker ? 'tasks' : 'bind'}/index` })}>
        <Text className="messages-entry__title">{worker ? '我的任务' : '我是作业人员'}</Text>
      </View>

      <ElderSwitch />

      <View className="filter-chips" {...roleProps('tablist')} aria-label="按状态筛选">
        {FILTER_TABS.map((tab) => {
          const selected = tab.key === filter
          return (
            <View
              key={tab.key}
              className={selected ? 'filter-chip filter-chip--selected' : 'filter-chip'}
              {...roleProps('tab')}
              aria-selected={selected}
              onClick={() => setFilter(tab.key)}
            >
              {tab.label}
            </View>
          )
        })}
      </View>

      {list.error ? (
        <ErrorView message={list.error.message} onRetry={() => void list.refresh()} />
      ) : list.loading ? (
        <LoadingView text="正在加载工单…" />
      ) : list.items.length === 0 ? (
        <EmptyView text={EMPTY_TEXT[filter]} actionText={filter === 'all' ? '去上报问题' : undefined} onAction={goReport} />
      ) : (
        <View className="ticket-list" {...roleProps('group')} aria-label="我的工单">
          {list.items.map((ticket) => (
            <TicketCard key={ticket.id} ticket={ticket} now={now} />
          ))}
          <ListFooter {...list} />
        </View>
      )}
    </PageShell>
  )
}

function ListFooter({ hasMore, loadingMore, moreError, loadMore }: ReturnType<typeof useTicketList>) {
  if (moreError) {
    return (
      <View className="list-footer list-footer--action" {...roleProps('button')} onClick={() => void loadMore()}>
        {moreError.message}，点击重试
      </View>
    )
  }
  if (loadingMore) return <View className="list-footer">正在加载…</View>
  if (hasMore) {
    return (
      <View className="list-footer list-footer--action" {...roleProps('button')} onClick={() => void loadMore()}>
        加载更多
      </View>
    )
  }
  return <View className="list-footer">没有更多了</View>
}
