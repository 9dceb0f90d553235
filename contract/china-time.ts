/**
 * China time (Asia/Shanghai: UTC+8 all year, no daylight saving) for every side: the backend
 * (ticket numbers, opening hours, Open311 times, days of the console's KPIs), the app and the
 * console. Every reading is of a clock in Guangzhou, whatever the device's or server's zone
 * (a browser set to UTC still reads 13:02 for a ticket due at 13:02 in Guangzhou).
 * Pure arithmetic: no date library, no TypeBox, safe for the main package.
 */
export const CHINA_OFFSET_MINUTES = 8 * 60
export const CHINA_OFFSET_MS = CHINA_OFFSET_MINUTES * 60_000
export const DAY_MS = 24 * 3_600_000

export type Instant = string | number | Date

const WEEKDAYS_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] as const

export function instantMs(at: Instant): number {
  return typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime()
}

const pad = (n: number) => String(n).padStart(2, '0')

export interface ChinaClock {
  year: number
  /** 1–12 */
  month: number
  day: number
  hour: number
  minute: number
  second: number
  /** 0 = Sunday */
  weekday: number
  /** Days since 1970-01-01 in China: equal for two instants of the same China day. */
  dayNumber: number
  /** Minutes since midnight in China. */
  minuteOfDay: number
}

/** Minutes since midnight in China (cheap: the hot path of "open now" asks it per facility). */
export function chinaMinuteOfDay(at: Instant): number {
  return Math.floor((((instantMs(at) + CHINA_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS / 60_000)
}

/** The calendar fields of an instant as read on a clock in Guangzhou. */
export function chinaClock(at: Instant): ChinaClock {
  const shifted = instantMs(at) + CHINA_OFFSET_MS
  const d = new Date(shifted)
  const hour = d.getUTCHours()
  const minute = d.getUTCMinutes()
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour,
    minute,
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
    dayNumber: Math.floor(shifted / DAY_MS),
    minuteOfDay: chinaMinuteOfDay(shifted - CHINA_OFFSET_MS),
  }
}

/** 'YYYY-MM-DD': the China calendar day of an instant. */
export function chinaDate(at: Instant): string {
  return new Date(instantMs(at) + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}

/** The instant (ms) a China day 'YYYY-MM-DD' starts; NaN for text that is not a date. */
export function chinaDayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00+08:00`)
}

/** W3C datetime in China time: '2026-11-25T10:00:00+08:00'. */
export function chinaIso(at: Instant): string {
  return new Date(instantMs(at) + CHINA_OFFSET_MS).toISOString().slice(0, 19) + '+08:00'
}

/** 'HH:mm' in China. */
export function chinaHhmm(at: Instant): string {
  const { hour, minute } = chinaClock(at)
  return `${pad(hour)}:${pad(minute)}`
}

/** '2026-11-25 13:02' */
export function chinaDateTime(at: Instant): string {
  return `${chinaDate(at)} ${chinaHhmm(at)}`
}

/** '11月25日 13:02'; with `withYear`, '2026年11月25日 13:02'. */
export function monthDayTimeZh(at: Instant, { withYear = false } = {}): string {
  const { year, month, day } = chinaClock(at)
  return `${withYear ? `${year}年` : ''}${month}月${day}日 ${chinaHhmm(at)}`
}

/** '11月25日 星期二 13:02' (a deadline). */
export function monthDayWeekdayTimeZh(at: Instant): string {
  const { month, day, weekday } = chinaClock(at)
  return `${month}月${day}日 ${WEEKDAYS_ZH[weekday]} ${chinaHhmm(at)}`
}
