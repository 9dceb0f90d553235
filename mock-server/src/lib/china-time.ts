/**
 * Calendar days in China time for the console's filters and the KPIs, on top of the shared
 * contract/china-time (one source of the UTC+8 arithmetic): a day is 'YYYY-MM-DD' and runs from
 * 00:00 to 24:00 UTC+8. What this adds: checking a day from a request (400 naming the field) and
 * stepping whole days.
 */
import { CHINA_OFFSET_MS, DAY_MS, chinaDate, chinaDayStartMs } from '@contract/china-time'
import { ApiError } from './api-error'

export { CHINA_OFFSET_MS, chinaDate }

/** The instant a China day starts; throws a 400 naming `field` for an impossible date (2026-02-30). */
export function chinaDayStart(day: string, field = 'querystring.date'): Date {
  const start = new Date(chinaDayStartMs(day))
  if (!Number.isFinite(start.getTime()) || chinaDate(start) !== day) throw ApiError.invalidField(field, `"${day}" is not a calendar day`)
  return start
}

/** The day `n` days after (or before, n < 0) `day`. */
export function addChinaDays(day: string, n: number): string {
  return chinaDate(chinaDayStart(day).getTime() + n * DAY_MS)
}

/** Whole days from `from` to `to`, both included (1 for the same day). */
export function chinaDaysBetween(from: string, to: string): number {
  return Math.round((chinaDayStart(to).getTime() - chinaDayStart(from).getTime()) / DAY_MS) + 1
}
