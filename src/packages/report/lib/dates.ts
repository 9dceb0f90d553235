/**
 * The report subpackage's times, read in China (contract/china-time.ts) whatever the phone's zone;
 * only the distance from now ("2 小时后") needs dayjs, and that does not depend on a zone.
 */
import dayjs from 'dayjs'
import relativeTime from 'dayjs/plugin/relativeTime'
import 'dayjs/locale/zh-cn'
import { monthDayTimeZh, monthDayWeekdayTimeZh } from '@contract/china-time'

dayjs.extend(relativeTime)
dayjs.locale('zh-cn')

/** "11月25日 星期二 18:30" */
export function dueLabel(iso: string): string {
  return monthDayWeekdayTimeZh(iso)
}

/** "2 小时内" style distance from now: "约2小时后". */
export function fromNowLabel(iso: string, now = new Date()): string {
  return dayjs(iso).from(dayjs(now))
}

/** "11月25日 18:30" */
export function timeLabel(iso: string): string {
  return monthDayTimeZh(iso)
}
