/**
 * Calendar days in China time (Asia/Shanghai: UTC+8 all year, no daylight saving), as the console's
 * filters and the KPIs use them: a day is 'YYYY-MM-DD' and runs from 00:00 to 24:00 UTC+8.
 */
import { ApiError } from './api-error'
import { DAY } from './clock'

export const CHINA_OFFSET_MS = 8 * 3_600_000

/** 'YYYY-MM-DD' of an instant in China. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}

/** The instant a China day starts; throws a 400 naming `field` for an impossible date (2026-02-30). */
export function chinaDayStart(day: string, field = 'querystring.date'): Date {
  const start = new Date(Date.parse(`${day}T00:00:00+08:00`))
  if (!Number.isFinite(start.getTime()) || chinaDate(start) !== day) throw ApiError.invalidField(field, `"${day}" is not a calendar day`)
  return start
}

/** The day `n` days after (or before, n < 0) `day`. */
export function addChinaDays(day: string, n: number): string {
  return chinaDate(new Date(chinaDayStart(day).getTime() + n * DAY))
}

/** Whole days from `from` to `to`, both included (1 for the same day). */
export function chinaDaysBetween(from: string, to: string): number {
  return Math.round((chinaDayStart(to).getTime() - chinaDayStart(from).getTime()) / DAY) + 1
}
