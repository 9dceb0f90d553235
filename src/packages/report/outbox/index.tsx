import { useEffect, useRef, useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/PageShell'
import { EmptyView } from '@/components/StateViews'
import { reportOutbox } from '@/domain/report/outbox'
import type { ReportOutboxItem } from '@/domain/report/sender'
import { OUTBOX_STATE_LABELS } from '@/lib/outbox/queue'
import { roleProps } from '@/utils/a11y'
import { timeLabel } from '../lib/dates'
import './index.scss'

function OutboxCard({ item }: { item: ReportOutboxItem }) {
  const { draft, state } = item
  const outbox = reportOutbox()
  const remove = async () => {
    const { confirm } = await Taro.showModal({
      title: '删除这条上报？',
      content: '删除后不会再发送，填写的内容也会丢失。',
      confirmText: '删除',
      confirmColor: '#b3261e',
    })
    if (confirm) outbox.remove(item.id)
  }
  return (
    <View className="card outbox-item" {...roleProps('listitem')} aria-label={`${draft.categoryName ?? '上报'}，${OUTBOX_STATE_LABELS[state]}`}>
      <View className="outbox-item__head">
        <Text className="outbox-item__title">{draft.categoryName ?? '未命名上报'}</Text>
        <Text className={`outbox-item__state outbox-item__state--${state}`}>{OUTBOX_STATE_LABELS[state]}</Text>
      </View>
      {draft.description && <Text className="outbox-item__text">{draft.description}</Text>}
      <Text className="outbox-item__meta">
        {timeLabel(item.queuedAt)}保存 · {draft.photos.length}张照片{item.attempts > 0 ? ` · 已尝试${item.attempts}次` : ''}
      </Text>
      {item.reason && state !== 'sending' && (
        <Text className={state === 'failed' ? 'outbox-item__reason outbox-item__reason--failed' : 'outbox-item__reason'}>
          原因：{item.reason}
        </Text>
      )}
      {state !== 'sending' && (
        <View className="outbox-item__actions">
          <Button {...roleProps('button')} className="outbox-item__retry" hoverClass="outbox-item__retry--pressed" onClick={() => void outbox.retry(item.id)}>
            重试
          </Button>
          <Button {...roleProps('button')} className="outbox-item__delete" onClick={() => void remove()}>
            删除
          </Button>
        </View>
      )}
    </View>
  )
}

/** Reports that could not be sent yet: their state, why, and 重试/删除. Sent ones disappear. */
export default function OutboxPage() {
  const { params } = useRouter<{ queued?: string }>()
  const [items, setItems] = useState(() => reportOutbox().items())
  const [sentCount, setSentCount] = useState(0)
  const openedAt = useRef(Date.now())

  useEffect(
    () =>
      reportOutbox().subscribe((next) => {
        // The outbox itself records what it sent: no guessing from how the list changed.
        setSentCount(reportOutbox().sentSince(openedAt.current).length)
        setItems(next)
      }),
    [],
  )
  // Opening the page is a good moment to try again.
  useDidShow(() => void reportOutbox().flush())

  return (
    <PageShell>
      {params.queued === '1' && items.length > 0 && (
        <View className="card outbox-banner" {...roleProps('status')}>
          <Text className="outbox-banner__title">网络不佳，上报已保存</Text>
          <Text className="outbox-banner__text">联网后会自动发送，同一条上报不会重复提交。</Text>
        </View>
      )}
      {sentCount > 0 && (
        <View className="card outbox-banner outbox-banner--sent" {...roleProps('status')}>
          <Text className="outbox-banner__title">已发送{sentCount}条上报</Text>
          <Text className="outbox-banner__text">可在“我的工单”查看处理进度。</Text>
        </View>
      )}
      {items.length === 0 ? (
        <EmptyView text="没有待发送的上报" actionText="返回上报" onAction={() => void Taro.switchTab({ url: '/pages/report/index' })} />
      ) : (
        <View {...roleProps('list')} aria-label="待发送的上报">
          {items.map((item) => (
            <OutboxCard key={item.id} item={item} />
          ))}
        </View>
      )}
    </PageShell>
  )
}
