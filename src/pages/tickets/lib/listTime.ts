/**
 * The list's short dates without a date library (the tab lives in the main package, where every
 * KB counts; the detail pages use dayjs from the ticket subpackage). China Standard Time, UTC+8
 * all year: "今天 10:05", "昨天 18:30", "11月3日", "2025年11月3日".
 */
const CHINA_OFFSET_MS = 8 * 3600_000
const DAY_MS = 24 * 3600_000

/** Calendar fields of an instant as read on a clock in Guangzhou. */
function chinaDate(ms: number) {
  const shifted = new Date(ms + CHINA_OFFSET_MS)
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    time: `${String(shifted.getUTCHours()).padStart(2, '0')}:${String(shifted.getUTCMinutes()).padStart(2, '0')}`,
    dayNumber: Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS),
  }
}

export function listTime(at: string | number, now: number = Date.now()): string {
  const time = chinaDate(typeof at === 'number' ? at : Date.parse(at))
  const today = chinaDate(now)
  if (time.dayNumber === today.dayNumber) return `今天 ${time.time}`
  if (time.dayNumber === today.dayNumber - 1) return `昨天 ${time.time}`
  if (time.year === today.year) return `${time.month}月${time.day}日`
  return `${time.year}年${time.month}月${time.day}日`
}
