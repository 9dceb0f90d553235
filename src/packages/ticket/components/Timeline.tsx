import { View, Text } from '@tarojs/components'
import { EVENT_LABELS, ROLE_LABELS, type TicketEventType } from '@contract/lifecycle'
import type { TicketEvent } from '@contract/tickets'
import { formatAbsolute, formatRelative } from '../lib/time'
import { roleProps } from '@/utils/a11y'
import PhotoStrip from './PhotoStrip'
import './Timeline.scss'

/** What an event's note is, so the resident knows whose words they read. */
const NOTE_LABELS: Partial<Record<TicketEventType, string>> = {
  created: '问题描述',
  resolved: '整改说明',
  reopened: '复核原因',
  rated: '评价',
  rejected: '说明',
  escalated: '督办说明',
}

/** "作业人员 王师傅", "市民0360", or "系统" for what the platform did by itself. */
export function actorText(event: Pick<TicketEvent, 'actorRole' | 'actorName'>): string {
  const role = ROLE_LABELS[event.actorRole]
  if (event.actorRole === 'system' || !event.actorName) return role
  // Residents without a nickname are named "市民0360" already: no "市民 市民0360".
  if (event.actorName.startsWith(role)) return event.actorName
  return `${role} ${event.actorName}`
}

/** Newest first, since that is what a resident comes back to read. */
export function orderEvents(events: TicketEvent[]): TicketEvent[] {
  return [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id - a.id)
}

/** Every step of the ticket: what happened, who did it, when (relative and exact), notes and photos. */
export default function Timeline({ events, now }: { events: TicketEvent[]; now: number }) {
  const ordered = orderEvents(events)
  return (
    <View className="timeline" {...roleProps('list')} aria-label="处理进度">
      {ordered.map((event, index) => {
        const title = EVENT_LABELS[event.type]
        const noteLabel = NOTE_LABELS[event.type] ?? '备注'
        return (
          <View
            key={event.id}
            className={`timeline__item timeline__item--${event.type}${index === 0 ? ' timeline__item--latest' : ''}`}
            {...roleProps('listitem')}
            data-event-type={event.type}
          >
            <View className="timeline__dot" aria-hidden />
            <View className="timeline__content">
              <View className="timeline__head">
                <Text className="timeline__title">{title}</Text>
                <Text className="timeline__actor">{actorText(event)}</Text>
              </View>
              <View className="timeline__when">
                <Text className="timeline__relative">{formatRelative(event.at, now)}</Text>
                <Text className="timeline__absolute">{formatAbsolute(event.at, now)}</Text>
              </View>
              {event.note && (
                <Text className="timeline__note">
                  {noteLabel}：{event.note}
                </Text>
              )}
              {event.photos.length > 0 && <PhotoStrip className="timeline__photos" photos={event.photos} label={`${title}照片`} />}
            </View>
          </View>
        )
      })}
    </View>
  )
}
