import { View, Text, Button, Image } from '@tarojs/components'
import { monthDayTimeZh } from '@contract/china-time'
import { STATUS_LABELS } from '@contract/lifecycle'
import type { NearbyTicket } from '@contract/tickets'
import { mediaUrl } from '@/services/http'
import { roleProps } from '@/utils/a11y'

interface DuplicateListProps {
  tickets: NearbyTicket[]
  followingId?: number
  onFollow: (ticket: NearbyTicket) => void
}

/** Open tickets of the same category within ~100 m: 我也遇到 follows one instead of filing it again. */
export default function DuplicateList({ tickets, followingId, onFollow }: DuplicateListProps) {
  if (tickets.length === 0) return null
  return (
    <View className="form-section card duplicates" {...roleProps('region')} aria-label="附近已有相同问题">
      <Text className="form-section__title">附近已有相同问题</Text>
      <Text className="duplicates__hint">如果是同一个问题，点“我也遇到”关注处理进展，无需重复上报。</Text>
      {tickets.map((ticket) => (
        <View key={ticket.id} className="duplicate-item">
          {ticket.thumbUrl && <Image className="duplicate-item__thumb" mode="aspectFill" src={mediaUrl(ticket.thumbUrl)} aria-hidden />}
          <View className="duplicate-item__body">
            <Text className="duplicate-item__title">
              {ticket.categoryName} · 约{ticket.distanceMeters}米
            </Text>
            <Text className="duplicate-item__meta">
              {STATUS_LABELS[ticket.status]} · {monthDayTimeZh(ticket.createdAt)}上报 · {ticket.followerCount}人也遇到
            </Text>
          </View>
          <Button {...roleProps('button')}
            className="duplicate-item__follow"
            hoverClass="duplicate-item__follow--pressed"
            disabled={followingId !== undefined || undefined}
            aria-label={`我也遇到：${ticket.categoryName}，距离约${ticket.distanceMeters}米`}
            onClick={() => onFollow(ticket)}
          >
            {followingId === ticket.id ? '提交中…' : '我也遇到'}
          </Button>
        </View>
      ))}
    </View>
  )
}
