/**
 * Deterministic public facilities: toilets (公厕) and garbage collection points (垃圾收集点),
 * placed inside the district's streets with a density that falls from the dense urban south to
 * the northern towns, with plausible names, addresses and attributes. Same counts + seed →
 * same facilities (apart from timestamps, which follow `now`). Scales to 100k+ for benchmarks.
 */
import type { Insertable } from 'kysely'
import type { GarbageBin, Recyclable } from '@contract/facilities'
import type { FacilitiesTable } from '../db/tables/geo'
import type { DistrictGeo, GeoStreet } from '../geo/district-geo'
import { STREETS } from '../geo/divisions-spec'
import { districtGeoFromFile } from '../geo/load'
import { createRng, type Rng } from '../geo/prng'
import { HOUR } from '../lib/clock'

export type NewFacilityRow = Insertable<FacilitiesTable>

export interface FacilityCounts {
  toilets: number
  garbagePoints: number
}

export const FACILITY_SEED = 20_261_125

/** Facilities per km² relative to a town: the old urban streets are the densest. */
function densityWeight(street: GeoStreet): number {
  if (street.kind === 'town') return 1
  return street.seat.lat < 23.21 ? 12 : 6
}

const LANDMARKS = ['公园', '农贸市场', '地铁站', '公交总站', '文化广场', '体育公园', '环卫站', '商业街']

function weighted<T>(rng: Rng, options: readonly (readonly [T, number])[]): T {
  const total = options.reduce((sum, [, weight]) => sum + weight, 0)
  let roll = rng.next() * total
  for (const [value, weight] of options) {
    roll -= weight
    if (roll < 0) return value
  }
  return options[options.length - 1][0]
}

function pad(n: number): string {
  return String(n).padStart(5, '0')
}

/** A street picker by density × area (cumulative weights, binary search: fast at 100k). */
function streetPicker(geo: DistrictGeo) {
  const cumulative: number[] = []
  let total = 0
  for (const street of geo.streets) {
    total += street.areaKm2 * densityWeight(street)
    cumulative.push(total)
  }
  return (rng: Rng): GeoStreet => {
    const roll = rng.next() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid] > roll) hi = mid
      else lo = mid + 1
    }
    return geo.streets[lo]
  }
}

/**
 * Generates facility rows ready to insert. `count` is a total split evenly between the two types,
 * or explicit counts per type. Ids: wc-00001... for toilets, gp-00001... for garbage points.
 */
export function generateFacilities(
  count: number | FacilityCounts,
  seed: number | string = FACILITY_SEED,
  options: { geo?: DistrictGeo; now?: Date } = {},
): NewFacilityRow[] {
  const counts = typeof count === 'number' ? { toilets: Math.ceil(count / 2), garbagePoints: Math.floor(count / 2) } : count
  const geo = options.geo ?? districtGeoFromFile()
  const now = options.now ?? new Date()
  const nowIso = now.toISOString()
  const rng = createRng(seed)
  const pickStreet = streetPicker(geo)
  const roadsOf = new Map(STREETS.map((spec) => [spec.name, spec.roads]))
  const usedNames = new Map<string, number>()
  const garbageNumbers = new Map<string, number>()
  const rows: NewFacilityRow[] = []

  const uniqueName = (base: string, suffix: string) => {
    const n = (usedNames.get(base) ?? 0) + 1
    usedNames.set(base, n)
    return n === 1 ? `${base}${suffix}` : `${base}${suffix}(${n})`
  }

  const place = () => {
    const picked = pickStreet(rng)
    const point = geo.randomPointIn(picked.code, rng)
    const location = geo.locate(point)!
    const road = rng.pick(roadsOf.get(location.street.name) ?? ['环村路'])
    const address = `白云区${location.street.name}${road}${rng.int(1, 888)}号`
    return { point, location, road, address, urban: location.street.kind === 'street' }
  }

  const rating = (base: number, spread: number, maxCount: number) => {
    const ratingCount = rng.int(0, maxCount)
    const average = Math.min(5, Math.max(1, base + rng.range(-spread, spread)))
    return { rating_count: ratingCount, rating_sum: Math.round(average * ratingCount) }
  }

  for (let i = 1; i <= counts.toilets; i++) {
    const { point, location, road, address, urban } = place()
    const street = location.street.name
    const style = rng.next()
    const base =
      style < 0.5 ? `${street}${road}` : style < 0.8 ? location.community.name : `${road}${rng.pick(LANDMARKS)}`
    const starLevel = weighted(rng, [[1, 4], [2, 4], [3, 2]] as const)
    const hoursSinceCleaned = rng.range(0, 8)
    rows.push({
      id: `wc-${pad(i)}`,
      type: 'toilet',
      name: uniqueName(base, '公厕'),
      address,
      street,
      community: location.community.name,
      grid_id: location.grid.id,
      lat: point.lat,
      lng: point.lng,
      opening_hours: weighted(rng, [['00:00-24:00', 45], ['06:00-22:00', 25], ['06:00-23:00', 20], ['07:00-21:00', 10]] as const),
      manager: `白云区${street}环境卫生站`,
      accessible: rng.chance(urban ? 0.7 : 0.4) || starLevel === 3 ? 1 : 0,
      baby_care: rng.chance(starLevel === 3 ? 0.7 : urban ? 0.25 : 0.08) ? 1 : 0,
      is_free: rng.chance(0.96) ? 1 : 0,
      star_level: starLevel,
      cleaning_status: hoursSinceCleaned < 0.3 ? 'cleaning' : hoursSinceCleaned > 5 ? 'needs_cleaning' : 'clean',
      last_cleaned_at: new Date(Math.floor((now.getTime() - hoursSinceCleaned * HOUR) / 60_000) * 60_000).toISOString(),
      bins: null,
      recyclables: null,
      collection_times: null,
      ...rating(2.9 + starLevel * 0.55, 0.6, urban ? 120 : 30),
      created_at: nowIso,
      updated_at: nowIso,
    })
  }

  for (let i = 1; i <= counts.garbagePoints; i++) {
    const { point, location, address, urban } = place()
    const street = location.street.name
    const number = (garbageNumbers.get(street) ?? 0) + 1
    garbageNumbers.set(street, number)
    const community = location.community.name
    const bins: GarbageBin[] = ['kitchen', 'recyclable', 'hazardous', 'other'].filter(
      (bin) => bin === 'kitchen' || bin === 'other' || (bin === 'recyclable' ? rng.chance(urban ? 0.9 : 0.6) : rng.chance(urban ? 0.6 : 0.3)),
    ) as GarbageBin[]
    const recyclables: Recyclable[] = bins.includes('recyclable')
      ? (['paper', 'plastic', 'metal', 'glass', 'textile', 'electronics'] as const).filter((_, k) => k < 3 || rng.chance(0.4))
      : []
    const hours = weighted(rng, [
      ['07:00-09:00,19:00-21:00', 45],
      ['06:30-09:30,18:00-22:00', 25],
      ['00:00-24:00', 20],
      ['07:00-10:00,18:30-21:30', 10],
    ] as const)
    rows.push({
      id: `gp-${pad(i)}`,
      type: 'garbage_point',
      name: `${street}垃圾收集点${number}号`,
      address,
      street,
      community,
      grid_id: location.grid.id,
      lat: point.lat,
      lng: point.lng,
      opening_hours: hours,
      manager: community.endsWith('村') ? `${community}村民委员会` : `${community}居民委员会`,
      accessible: null,
      baby_care: null,
      is_free: null,
      star_level: null,
      cleaning_status: null,
      last_cleaned_at: null,
      bins: JSON.stringify(bins),
      recyclables: JSON.stringify(recyclables),
      collection_times: JSON.stringify(hours === '00:00-24:00' ? ['06:00', '14:00', '22:00'] : ['09:30', '21:30']),
      ...rating(3.8, 0.7, urban ? 40 : 12),
      created_at: nowIso,
      updated_at: nowIso,
    })
  }
  return rows
}
