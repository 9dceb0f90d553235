import dayjs from 'dayjs'
import relativeTime from 'dayjs/plugin/relativeTime'
import 'dayjs/locale/zh-cn'

dayjs.extend(relativeTime)
dayjs.locale('zh-cn')

/** "11月25日 周二 18:30" */
export function dueLabel(iso: string): string {
  return dayjs(iso).format('M月D日 dddd HH:mm')
}

/** "2 小时内" style distance from now: "约2小时后". */
export function fromNowLabel(iso: string, now = new Date()): string {
  return dayjs(iso).from(dayjs(now))
}

export function timeLabel(iso: string): string {
  return dayjs(iso).format('M月D日 HH:mm')
}
