/**
 * China time (UTC+8 all year) for the console, whatever the browser's zone: the shared module
 * contract/china-time.ts, plus the console's durations and countdown.
 */
import { chinaClock, chinaDate, chinaDateTime, type Instant } from '@contract/china-time'

export { chinaDateTime }

const pad = (n: number) => String(n).padStart(2, '0')

/** "2026-11-25": the China calendar day of an instant (date inputs, trend axes). */
export const chinaDay = (at: Instant) => chinaDate(at)

/** "11-25 13:02" or with seconds "11-25 13:02:05" (timeline, live feed). */
export function chinaShort(at: Instant, seconds = false): string {
  const c = chinaClock(at)
  return `${pad(c.month)}-${pad(c.day)} ${pad(c.hour)}:${pad(c.minute)}${seconds ? `:${pad(c.second)}` : ''}`
}

/** A duration as a dispatcher reads it: "2天3小时", "3小时12分", "12分05秒". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(Math.abs(ms) / 1000))
  const days = Math.floor(total / 86400)
  const hours = Math.floor((total % 86400) / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = total % 60
  if (days > 0) return `${days}天${hours}小时`
  if (hours > 0) return `${hours}小时${pad(minutes)}分`
  return `${minutes}分${pad(seconds)}秒`
}

/** Time left until `dueAt`: "剩 3小时12分" or, past it, "超时 1小时05分". */
export function timeLeft(dueAt: string, now: number): { text: string; overdue: boolean; ms: number } {
  const ms = Date.parse(dueAt) - now
  return ms >= 0 ? { text: `剩 ${formatDuration(ms)}`, overdue: false, ms } : { text: `超时 ${formatDuration(ms)}`, overdue: true, ms }
}
