/**
 * 微信通知 on the ticket page: which WeChat subscribe messages (服务通知) this ticket sent me and
 * what became of each (sent, not subscribed, refused, …). Re-read whenever the ticket is re-read
 * (its live refresh), so "等待发送" turns into "已发送" while the page is open.
 */
import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { EVENT_LABELS } from '@contract/lifecycle'
import type { TicketNotification } from '@contract/notifications'
import { NOTIFICATION_REASON_LABELS, NOTIFICATION_STATE_LABELS, TEMPLATE_KIND_LABELS } from '@contract/subscribe'
import { getTicketNotifications } from '@/services/notifications'
import { roleProps } from '@/utils/a11y'
import { formatAbsolute } from '../../lib/time'
import './index.scss'

export function notificationText(item: TicketNotification): { title: string; state: string; tone: 'ok' | 'wait' | 'off' } {
  const title = `${EVENT_LABELS[item.eventType]} · ${TEMPLATE_KIND_LABELS[item.kind]}`
  const reason = item.reason ? `（${NOTIFICATION_REASON_LABELS[item.reason]}）` : ''
  const tone = item.state === 'sent' ? 'ok' : item.state === 'pending' || item.state === 'sending' ? 'wait' : 'off'
  return { title, state: `${NOTIFICATION_STATE_LABELS[item.state]}${reason}`, tone }
}

interface Props {
  ticketId: number
  /** The ticket's read time: the list is re-read with it. */
  refreshedAt: number
}

export default function NotificationList({ ticketId, refreshedAt }: Props) {
  const [items, setItems] = useState<TicketNotification[]>([])

  useEffect(() => {
    let alive = true
    getTicketNotifications(ticketId).then(
      (list) => alive && setItems(list.items),
      () => undefined, // keeps what it showed; the ticket itself reports connection problems
    )
    return () => {
      alive = false
    }
  }, [ticketId, refreshedAt])

  if (items.length === 0) return null
  return (
    <View className="detail-section" {...roleProps('region')} aria-label="微信通知">
      <Text className="section-title">微信通知</Text>
      <View className="card detail-card">
        <View className="notice-list" {...roleProps('list')} aria-label="已发出的微信服务通知">
          {[...items].reverse().map((item) => {
            const text = notificationText(item)
            const at = item.sentAt ?? item.createdAt
            return (
              <View key={item.id} className="notice-item" {...roleProps('listitem')} aria-label={`${text.title}，${text.state}`}>
                <View className="notice-item__head">
                  <Text className="notice-item__title">{text.title}</Text>
                  <Text className={`notice-item__state notice-item__state--${text.tone}`}>{text.state}</Text>
                </View>
                <Text className="notice-item__time">{formatAbsolute(at, refreshedAt)}</Text>
              </View>
            )
          })}
        </View>
      </View>
    </View>
  )
}
