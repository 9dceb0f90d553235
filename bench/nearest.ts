/**
 * Nearest 10 of N facilities, in-process: the teammate's facilities benchmark
 * (mock-server/src/services/facilities-bench.ts) run at this scale, its figures turned into rows.
 */
import { benchNearest, type NearestBenchResult } from '../mock-server/src/services/facilities-bench'
import type { Scale } from './scale'
import { atMost, type Row } from './table'

export async function nearestRows(scale: Scale, log: (line: string) => void): Promise<{ rows: Row[]; detail: NearestBenchResult }> {
  const detail = await benchNearest(scale.facilities, {
    queries: scale.nearestQueries,
    naiveQueries: scale.naiveQueries,
    serviceQueries: Math.min(500, scale.nearestQueries),
    log: (line) => log(`  ${line}`),
  })
  const section = `nearest 10 of ${scale.facilities.toLocaleString('en-US')} facilities, in-process (in-memory index vs naive scan)`
  const rows: Row[] = []
  for (const c of detail.cases) {
    const us = (ms: number) => ms * 1000
    const mismatch = c.mismatches ? `${c.mismatches} of ${c.naive.samples} answers differ from the naive scan!` : undefined
    rows.push({
      section,
      measure: `${c.label}: median`,
      value: us(c.index.medianMs),
      unit: 'µs',
      baseline: { label: 'naive', value: us(c.naive.medianMs) },
      ratio: c.index.medianMs / c.naive.medianMs,
      note: mismatch,
    })
    rows.push({
      section,
      measure: `${c.label}: p99`,
      value: us(c.index.p99Ms),
      unit: 'µs',
      baseline: { label: 'naive', value: us(c.naive.p99Ms) },
      ratio: c.index.p99Ms / c.naive.p99Ms,
      goal: c === detail.cases[0] ? atMost(c.index.p99Ms, 1, 'p99 ≤ 1 ms') : undefined,
    })
  }
  rows.push({
    section,
    measure: 'FacilityService.nearest (index + rows + mapping): p99',
    value: detail.service.p99Ms * 1000,
    unit: 'µs',
    note: `median ${Math.round(detail.service.medianMs * 1000)} µs over ${detail.service.samples} queries`,
  })
  return { rows, detail }
}
