/**
 * Times as residents of Guangzhou read them: dayjs in Chinese, relative ("3 小时前") next to
 * absolute ("11月25日 10:05"). Absolute times are China time (contract/china-time.ts) whatever
 * the phone's zone, which also keeps tests independent of the machine's zone. dayjs (~13 KB, only
 * for the relative words) stays in this subpackage, out of the main package.
 */
import dayjs from 'dayjs'
import relativeTime from 'dayjs/plugin/relativeTime'
import 'dayjs/locale/zh-cn'
import { chinaClock, monthDayTimeZh } from '@contract/china-time'

dayjs.extend(relativeTime)
dayjs.locale('zh-cn')

/** "11月25日 10:05", with the year when it is not this year's: "2025年11月25日 10:05". */
export function formatAbsolute(at: string | number | Date, now: number | Date = Date.now()): string {
  return monthDayTimeZh(at, { withYear: chinaClock(at).year !== chinaClock(now).year })
}

/** "3 小时前", "几秒前"; a time in the future reads "2 天内". */
export function formatRelative(at: string | number | Date, now: number | Date = Date.now()): string {
  return dayjs(at).from(dayjs(now))
}

/** "3 小时前 · 11月25日 10:05": both, the way the timeline shows every event. */
export function formatWhen(at: string | number | Date, now: number | Date = Date.now()): string {
  return `${formatRelative(at, now)} · ${formatAbsolute(at, now)}`
}
