/**
 * Opening hours: 'HH:MM-HH:MM' ranges, comma-separated, in Asia/Shanghai time (UTC+8 all year,
 * no daylight saving). An end before its start runs past midnight; '00:00-24:00' is always open.
 */
export type MinuteRange = readonly [start: number, end: number]

import { chinaMinuteOfDay } from '@contract/china-time'

export { chinaMinuteOfDay }

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number)
  return h * 60 + m
}

export function parseOpeningHours(text: string): MinuteRange[] {
  return text.split(',').map((range) => {
    const [start, end] = range.trim().split('-')
    return [minutes(start), minutes(end)] as const
  })
}

export function isOpenAt(ranges: readonly MinuteRange[], minuteOfDay: number): boolean {
  return ranges.some(([start, end]) =>
    start <= end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end,
  )
}

/** A district has a handful of distinct opening-hours strings: parse each once (hot path of nearest/bbox). */
const parsedHours = new Map<string, MinuteRange[]>()

export function isOpenNow(openingHours: string, at: Date): boolean {
  let ranges = parsedHours.get(openingHours)
  if (!ranges) {
    ranges = parseOpeningHours(openingHours)
    if (parsedHours.size < 10_000) parsedHours.set(openingHours, ranges)
  }
  return isOpenAt(ranges, chinaMinuteOfDay(at))
}
