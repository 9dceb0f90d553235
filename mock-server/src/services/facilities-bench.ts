/**
 * Facility index benchmark: generate and seed N facilities, build the index, and time nearest-10
 * with the in-memory index (grid for nearest) against a naive scan over the same points (answers compared for equality).
 *
 *   npx tsx mock-server/src/services/facilities-bench.ts [count=100000]
 *
 * `npm run bench` imports benchNearest() for its table; run directly, this file prints the same figures.
 */
import path from 'node:path'
import { migrateToLatest } from '../db/migrate'
import { seedFacilities } from '../db/seed/facilities'
import { districtGeoFromFile } from '../geo/load'
import { createRng } from '../geo/prng'
import { distanceMeters } from '../lib/coords'
import { sqliteKysely } from '../db/dialect-sqlite'
import { FacilityService, toIndexedFacility } from './facilities'
import { chinaMinuteOfDay, isOpenNow } from './facilities-hours'
import { FacilityIndex, type IndexedFacility } from './facilities-index'

/** Median and p99 of samples in milliseconds. */
export interface LatencyStats {
  medianMs: number
  p99Ms: number
  samples: number
}

function summarize(samples: number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
  return { medianMs: at(0.5), p99Ms: at(0.99), samples: samples.length }
}

function stats(samples: number[] | LatencyStats) {
  const s = Array.isArray(samples) ? summarize(samples) : samples
  const us = (ms: number) => `${Math.round(ms * 1000)} µs`
  return `median ${us(s.medianMs)}, p99 ${us(s.p99Ms)}`
}

export interface NearestBenchCase {
  label: string
  index: LatencyStats
  naive: LatencyStats
  /** Queries whose 10 ids differ between the index and the naive scan (should be 0). */
  mismatches: number
}

export interface NearestBenchResult {
  count: number
  seedMs: number
  reloadMs: number
  buildMs: number
  cases: NearestBenchCase[]
  /** FacilityService.nearest: index + row fetch + mapping, as the HTTP route calls it. */
  service: LatencyStats
}

/** Seeds `count` facilities into an in-memory database and times nearest-10 (see the file comment). */
export async function benchNearest(
  count: number,
  options: { queries?: number; naiveQueries?: number; serviceQueries?: number; log?: (line: string) => void } = {},
): Promise<NearestBenchResult> {
  const { queries: queryCount = 2000, naiveQueries = 200, serviceQueries = 500, log = () => {} } = options
  const geo = districtGeoFromFile()
  const db = sqliteKysely(':memory:')
  await migrateToLatest(db)
  let t = performance.now()
  await seedFacilities(db, { toilets: Math.ceil(count / 2), garbagePoints: Math.floor(count / 2), geo })
  const seedMs = performance.now() - t
  log(`generate + insert ${count}: ${Math.round(seedMs)} ms`)

  const service = new FacilityService(db)
  const reload = await service.reloadIndex()
  log(`reloadIndex (select + build): ${Math.round(reload.ms)} ms`)
  const rows = await db.selectFrom('facilities').select(['id', 'type', 'lat', 'lng', 'opening_hours', 'accessible', 'baby_care', 'is_free']).execute()
  const items = rows.map(toIndexedFacility)
  t = performance.now()
  const index = new FacilityIndex(items)
  const buildMs = performance.now() - t
  log(`index build alone: ${Math.round(buildMs * 10) / 10} ms`)

  const rng = createRng(7)
  const queries = Array.from({ length: queryCount }, () => geo.randomPointIn(null, rng))
  const now = new Date('2026-11-25T13:30:00Z') // 21:30 in Guangzhou: many points closed
  const minute = chinaMinuteOfDay(now)
  const openMemo = new Map<string, boolean>()
  const openNow = (hours: string) => openMemo.get(hours) ?? openMemo.set(hours, isOpenNow(hours, now)).get(hours)!
  /** A fair naive scan: one pass over every facility, keeping the 10 best in a small sorted array. */
  const naive = (point: { lat: number; lng: number }, keep: (item: IndexedFacility) => boolean) => {
    const best: { id: string; meters: number }[] = []
    for (const item of items) {
      if (!keep(item)) continue
      const meters = distanceMeters(point, item)
      if (best.length === 10 && meters >= best[9].meters) continue
      let at = best.length === 10 ? 9 : best.length
      while (at > 0 && best[at - 1].meters > meters) {
        best[at] = best[at - 1]
        at--
      }
      best[at] = { id: item.id, meters }
    }
    return best
  }

  const cases: NearestBenchCase[] = []
  for (const [label, filter, keep] of [
    ['nearest 10, all types', {}, () => true],
    [
      'nearest 10 open accessible toilets',
      { type: 'toilet', accessible: true, openAtMinute: minute },
      (item: IndexedFacility) => item.type === 'toilet' && item.accessible && openNow(item.openingHours),
    ],
  ] as const) {
    const fast: number[] = []
    const slow: number[] = []
    let mismatches = 0
    for (const [i, point] of queries.entries()) {
      let s = performance.now()
      const a = index.nearest(point, { limit: 10, filter })
      fast.push(performance.now() - s)
      if (i < naiveQueries) {
        s = performance.now()
        const b = naive(point, keep)
        slow.push(performance.now() - s)
        if (a.map((x) => x.id).join() !== b.map((x) => x.id).join()) mismatches++
      }
    }
    cases.push({ label, index: summarize(fast), naive: summarize(slow), mismatches })
    log(`${label}: index ${stats(fast)} (${queries.length} queries); naive scan ${stats(slow)} (${slow.length}); mismatches ${mismatches}`)
  }

  const http: number[] = []
  for (const point of queries.slice(0, serviceQueries)) {
    const s = performance.now()
    await service.nearest(point, { limit: 10 }, 'gcj02', now)
    http.push(performance.now() - s)
  }
  log(`FacilityService.nearest (index + row fetch + mapping): ${stats(http)}`)
  await db.destroy()
  return { count, seedMs, reloadMs: reload.ms, buildMs, cases, service: summarize(http) }
}

// Run directly (the CLI above), not imported by `npm run bench`.
if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  benchNearest(Number(process.argv[2] ?? 100_000), { log: console.log }).catch((error) => {
    console.error(error)
    process.exit(1)
  })
}
