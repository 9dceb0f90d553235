/**
 * Times as residents of Guangzhou read them: dayjs in Chinese, relative ("3 小时前") next to
 * absolute ("11月25日 10:05"). Shown in China Standard Time whatever the phone's zone is
 * (UTC+8 all year, no daylight saving), which also keeps tests independent of the machine's zone.
 * It lives in the ticket subpackage so dayjs (~13 KB) stays out of the main package; the tab's
 * list uses the dependency-free listTime() in pages/tickets/lib/listTime.ts.
 */
import dayjs from 'dayjs'
import relativeTime from 'dayjs/plugin/relativeTime'
import utc from 'dayjs/plugin/utc'
import 'dayjs/locale/zh-cn'

dayjs.extend(relativeTime)
dayjs.extend(utc)
dayjs.locale('zh-cn')

const CHINA_OFFSET_MINUTES = 8 * 60

const inChina = (value: string | number | Date) => dayjs(value).utcOffset(CHINA_OFFSET_MINUTES)

/** "11月25日 10:05", with the year when it is not this year's: "2025年11月25日 10:05". */
export function formatAbsolute(at: string | number | Date, now: number | Date = Date.now()): string {
  const time = inChina(at)
  return time.year() === inChina(now).year() ? time.format('M月D日 HH:mm') : time.format('YYYY年M月D日 HH:mm')
}

/** "3 小时前", "几秒前"; a time in the future reads "2 天内". */
export function formatRelative(at: string | number | Date, now: number | Date = Date.now()): string {
  return dayjs(at).from(dayjs(now))
}

/** "3 小时前 · 11月25日 10:05": both, the way the timeline shows every event. */
export function formatWhen(at: string | number | Date, now: number | Date = Date.now()): string {
  return `${formatRelative(at, now)} · ${formatAbsolute(at, now)}`
}
