import Taro from '@tarojs/taro'
import { View, Text, Image } from '@tarojs/components'
import type { TicketSummary } from '@contract/tickets'
import { mediaUrl } from '@/services/http'
import { roleProps } from '@/utils/a11y'
import { statusLabel, statusTone, ticketBadges } from './lib/filters'
import { listTime } from './lib/listTime'

export const detailUrl = (id: number) => `/packages/ticket/detail/index?id=${id}`

/** One ticket in the list: what, where, when, its status and badges; a tap opens the detail. */
export default function TicketCard({ ticket, now }: { ticket: TicketSummary; now: number }) {
  const badges = ticketBadges(ticket)
  const status = statusLabel(ticket.status)
  const label = [ticket.categoryName, status, ...badges, ticket.addressText, ticket.number, `${listTime(ticket.createdAt, now)}上报`].join('，')
  return (
    <View
      className="ticket-card card"
      hoverClass="ticket-card--pressed"
      {...roleProps('link')}
      aria-label={label}
      onClick={() => Taro.navigateTo({ url: detailUrl(ticket.id) })}
    >
      {ticket.thumbUrl ? (
        <Image className="ticket-card__thumb" src={mediaUrl(ticket.thumbUrl)} mode="aspectFill" lazyLoad aria-hidden />
      ) : (
        // "无图" comes from CSS: not part of the card's visible text, which its label must contain (#16).
        <View className="ticket-card__thumb ticket-card__thumb--empty" aria-hidden />
      )}
      <View className="ticket-card__body" aria-hidden>
        <View className="ticket-card__head">
          <Text className="ticket-card__category">{ticket.categoryName}</Text>
          <Text className={`status-chip status-chip--${statusTone(ticket.status)}`}>{status}</Text>
        </View>
        {badges.length > 0 && (
          <View className="ticket-card__badges">
            {badges.map((badge) => (
              <Text key={badge} className={`ticket-badge ticket-badge--${badge === '我也遇到' || badge === '待评价' ? 'info' : 'alert'}`}>
                {badge}
              </Text>
            ))}
          </View>
        )}
        <Text className="ticket-card__address">{ticket.addressText}</Text>
        <Text className="ticket-card__meta">
          {ticket.number} · {listTime(ticket.createdAt, now)}上报
        </Text>
      </View>
    </View>
  )
}
