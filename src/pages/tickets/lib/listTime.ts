/**
 * The list's short dates without a date library (the tab lives in the main package, where every
 * KB counts), in China time (contract/china-time.ts): "今天 10:05", "昨天 18:30", "11月3日", "2025年11月3日".
 */
import { chinaClock, chinaHhmm } from '@contract/china-time'

export function listTime(at: string | number, now: number = Date.now()): string {
  const time = chinaClock(at)
  const today = chinaClock(now)
  if (time.dayNumber === today.dayNumber) return `今天 ${chinaHhmm(at)}`
  if (time.dayNumber === today.dayNumber - 1) return `昨天 ${chinaHhmm(at)}`
  if (time.year === today.year) return `${time.month}月${time.day}日`
  return `${time.year}年${time.month}月${time.day}日`
}
