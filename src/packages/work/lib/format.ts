/** How the worker reads distances and deadlines. */
import { formatDuration } from '@/components/Countdown/countdown'

const CHINA_OFFSET_MS = 8 * 3_600_000

/** "350 米", "1.2 公里"; "距离未知" without a position. */
export function distanceText(meters: number | null): string {
  if (meters === null) return '距离未知'
  return meters < 1000 ? `${Math.round(meters / 10) * 10 || meters} 米` : `${(meters / 1000).toFixed(1)} 公里`
}

/** "剩余 2小时5分", "超时 40分00秒". */
export function timeLeftText(secondsLeft: number): string {
  return secondsLeft >= 0 ? `剩余 ${formatDuration(secondsLeft * 1000)}` : `超时 ${formatDuration(-secondsLeft * 1000)}`
}

/** "11月25日 18:00" in China time, whatever the phone's zone. */
export function chinaMonthDayTime(at: string): string {
  const t = new Date(Date.parse(at) + CHINA_OFFSET_MS)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`
}

export const WORK_STATUS_LABELS: Partial<Record<string, string>> = {
  dispatched: '待处置',
  in_progress: '处置中',
  resolved: '已完成',
  closed: '已办结',
}
