import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { roleProps } from '@/utils/a11y'
import { URGENT_WITHIN_MS, describeDeadline, type DeadlineInput } from './countdown'
import './index.scss'

interface CountdownProps {
  ticket: DeadlineInput & { escalated: boolean }
  /** The due time as text ("11月25日 18:00"); each subpackage passes its own formatter. */
  formatDue: (dueAt: string, now: number) => string
}

/** Seconds matter only in the last hour; before that a tick a minute is plenty (and cheaper on weapp's setData). */
function tickEvery(dueAt: string, now: number): number {
  return Math.abs(Date.parse(dueAt) - now) <= URGENT_WITHIN_MS ? 1000 : 30_000
}

/** The deadline box: a live countdown to the due time, 超时 once past it, and 督办 when escalated. */
export default function Countdown({ ticket, formatDue }: CountdownProps) {
  const [now, setNow] = useState(Date.now)
  const deadline = describeDeadline(ticket, now)
  const pace = tickEvery(ticket.dueAt, now)

  // Re-armed when the pace changes (entering the last hour), not on every tick.
  useEffect(() => {
    if (!deadline.ticking) return
    const timer = setInterval(() => setNow(Date.now()), pace)
    return () => clearInterval(timer)
  }, [deadline.ticking, pace])

  return (
    <View className={`countdown countdown--${deadline.tone}`} {...roleProps('timer')} aria-label={`处置时限，${deadline.text}${ticket.escalated ? '，已督办' : ''}`}>
      <View className="countdown__head">
        <Text className="countdown__label">处置时限</Text>
        <View className="countdown__badges">
          {deadline.tone === 'overdue' && <Text className="ticket-badge ticket-badge--alert">超时</Text>}
          {ticket.escalated && <Text className="ticket-badge ticket-badge--alert">督办</Text>}
        </View>
      </View>
      <Text className="countdown__text">{deadline.text}</Text>
      <Text className="countdown__due">截止 {formatDue(ticket.dueAt, now)}</Text>
      {ticket.escalated && (
        <Text className="countdown__escalated">{deadline.ticking ? '已超时，已提级督办，正在加快处理' : '该工单曾超时，已提级督办'}</Text>
      )}
    </View>
  )
}
