/**
 * China time (UTC+8 all year, no daylight saving) for the console, whatever the browser's zone:
 * a dispatcher in a UTC browser still reads 13:02 for a ticket filed at 13:02 in Guangzhou.
 * No date library: the console needs four formats.
 */
const CHINA_OFFSET_MS = 8 * 3600_000
const pad = (n: number) => String(n).padStart(2, '0')

function fields(at: string | number | Date) {
  const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime()
  const d = new Date(ms + CHINA_OFFSET_MS)
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), hh: d.getUTCHours(), mm: d.getUTCMinutes(), ss: d.getUTCSeconds() }
}

/** "2026-11-25 13:02" */
export function chinaDateTime(at: string | number | Date): string {
  const f = fields(at)
  return `${f.y}-${pad(f.m)}-${pad(f.d)} ${pad(f.hh)}:${pad(f.mm)}`
}

/** "11-25 13:02:05" (timeline, live feed) */
export function chinaShort(at: string | number | Date, seconds = false): string {
  const f = fields(at)
  return `${pad(f.m)}-${pad(f.d)} ${pad(f.hh)}:${pad(f.mm)}${seconds ? `:${pad(f.ss)}` : ''}`
}

/** "2026-11-25": the China calendar day of an instant (date inputs, trend axes). */
export function chinaDay(at: string | number | Date): string {
  const f = fields(at)
  return `${f.y}-${pad(f.m)}-${pad(f.d)}`
}

/** The instant a China calendar day starts (00:00 +08:00), as ISO; `endOfDay` gives the next midnight. */
export function chinaDayStart(day: string, endOfDay = false): string {
  const ms = Date.parse(`${day}T00:00:00+08:00`) + (endOfDay ? 24 * 3600_000 : 0)
  return new Date(ms).toISOString()
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
