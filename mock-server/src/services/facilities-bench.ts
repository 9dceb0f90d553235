/**
 * Facility index benchmark: generate and seed N facilities, build the index, and time nearest-10
 * with kdbush/geokdbush against a naive scan over the same points (answers compared for equality).
 *
 *   npx tsx mock-server/src/services/facilities-bench.ts [count=100000]
 */
import { Kysely, SqliteDialect } from 'kysely'
import { migrateToLatest } from '../db/migrate'
import type { Database } from '../db/schema'
import { seedFacilities } from '../db/seed/facilities'
import { districtGeoFromFile } from '../geo/load'
import { createRng } from '../geo/prng'
import { distanceMeters } from '../lib/coords'
import { openSqlite } from '../plugins/db'
import { FacilityService } from './facilities'
import { chinaMinuteOfDay, isOpenNow } from './facilities-hours'
import { FacilityIndex, type IndexedFacility } from './facilities-index'

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
  const us = (ms: number) => `${Math.round(ms * 1000)} µs`
  return `median ${us(at(0.5))}, p99 ${us(at(0.99))}`
}

async function main() {
  const count = Number(process.argv[2] ?? 100_000)
  const geo = districtGeoFromFile()
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: openSqlite(':memory:') }) })
  await migrateToLatest(db)
  let t = performance.now()
  await seedFacilities(db, { toilets: Math.ceil(count / 2), garbagePoints: Math.floor(count / 2), geo })
  console.log(`generate + insert ${count}: ${Math.round(performance.now() - t)} ms`)

  const service = new FacilityService(db)
  const reload = await service.reloadIndex()
  console.log(`reloadIndex (select + build): ${Math.round(reload.ms)} ms`)
  const rows = await db.selectFrom('facilities').select(['id', 'type', 'lat', 'lng', 'opening_hours', 'accessible', 'baby_care', 'is_free']).execute()
  const items: IndexedFacility[] = rows.map((r) => ({
    id: r.id,
    type: r.type,
    lat: r.lat,
    lng: r.lng,
    openingHours: r.opening_hours,
    accessible: r.accessible === 1,
    babyCare: r.baby_care === 1,
    free: r.is_free === 1,
  }))
  t = performance.now()
  const index = new FacilityIndex(items)
  console.log(`index build alone: ${Math.round((performance.now() - t) * 10) / 10} ms`)

  const rng = createRng(7)
  const queries = Array.from({ length: 2000 }, () => geo.randomPointIn(null, rng))
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
      if (i < 200) {
        s = performance.now()
        const b = naive(point, keep)
        slow.push(performance.now() - s)
        if (a.map((x) => x.id).join() !== b.map((x) => x.id).join()) mismatches++
      }
    }
    console.log(`${label}: kdbush ${stats(fast)} (${queries.length} queries); naive scan ${stats(slow)} (200); mismatches ${mismatches}`)
  }

  const http: number[] = []
  for (const point of queries.slice(0, 500)) {
    const s = performance.now()
    await service.nearest(point, { limit: 10 }, 'gcj02', now)
    http.push(performance.now() - s)
  }
  console.log(`FacilityService.nearest (index + row fetch + mapping): ${stats(http)}`)
  await db.destroy()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
