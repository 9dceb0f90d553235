import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useRef } from 'react'
import { View, Text } from '@tarojs/components'
import type { Message } from '@contract/tickets'
import PageShell from '@/components/PageShell'
import { EmptyView, ErrorView, LoadingView } from '@/components/StateViews'
import { formatAbsolute, formatRelative } from '../lib/time'
import { showError } from '@/services/http'
import { roleProps } from '@/utils/a11y'
import { useMessages } from './useMessages'
import './index.scss'

const detailUrl = (ticketId: number) => `/packages/ticket/detail/index?id=${ticketId}`

/** 消息通知: what happened to my tickets; opening one marks it read and shows its ticket. */
export default function MessagesPage() {
  const messages = useMessages()
  const shownBefore = useRef(false)
  const now = Date.now()

  useDidShow(() => {
    if (shownBefore.current) void messages.refresh()
    shownBefore.current = true
  })
  usePullDownRefresh(() => {
    void messages.refresh().finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => {
    if (messages.hasMore) void messages.loadMore()
  })

  const openMessage = (message: Message) => {
    messages.open(message)
    void Taro.navigateTo({ url: detailUrl(message.ticketId) })
  }

  const readAll = () => messages.readAll().catch(showError)

  return (
    <PageShell>
      <View className="messages-head">
        <Text className="messages-head__count" aria-live="polite">
          {messages.unread > 0 ? `${messages.unread}条未读` : '全部已读'}
        </Text>
        {messages.unread > 0 && (
          <View className="messages-head__action" {...roleProps('button')} onClick={() => void readAll()}>
            全部标为已读
          </View>
        )}
      </View>
      {messages.error ? (
        <ErrorView message={messages.error.message} onRetry={() => void messages.refresh()} />
      ) : messages.loading ? (
        <LoadingView text="正在加载消息…" />
      ) : messages.items.length === 0 ? (
        <EmptyView text="暂无消息" hint="工单有新进展时会通知您" />
      ) : (
        <View className="message-list" {...roleProps('group')} aria-label="消息通知">
          {messages.items.map((message) => (
            <View
              key={message.id}
              className={message.read ? 'message-item card' : 'message-item message-item--unread card'}
              hoverClass="message-item--pressed"
              {...roleProps('link')}
              aria-label={`${message.read ? '' : '未读，'}${message.title}，${formatRelative(message.createdAt, now)}，${message.body}，${message.ticketNumber}，${formatAbsolute(message.createdAt, now)}`}
              data-message-id={message.id}
              onClick={() => openMessage(message)}
            >
              <View className="message-item__head" aria-hidden>
                {!message.read && <View className="message-item__dot" aria-hidden />}
                <Text className="message-item__title">{message.title}</Text>
                <Text className="message-item__time">{formatRelative(message.createdAt, now)}</Text>
              </View>
              <Text className="message-item__body" aria-hidden>{message.body}</Text>
              <Text className="message-item__meta" aria-hidden>
                {message.ticketNumber} · {formatAbsolute(message.createdAt, now)}
              </Text>
            </View>
          ))}
          {messages.hasMore ? (
            <View className="list-footer list-footer--action" {...roleProps('button')} onClick={() => void messages.loadMore()}>
              {messages.loadingMore ? '正在加载…' : '加载更多'}
            </View>
          ) : (
            <View className="list-footer">没有更多了</View>
          )}
        </View>
      )}
    </PageShell>
  )
}
