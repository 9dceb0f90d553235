import { districtGeoFromFile } from '../../mock-server/src/geo/load'
import { createRng } from '../../mock-server/src/geo/prng'
import { distanceMeters } from '../../mock-server/src/lib/coords'
import { generateFacilities } from '../../mock-server/src/services/facilities-generator'
import { chinaMinuteOfDay, isOpenNow } from '../../mock-server/src/services/facilities-hours'
import { toIndexedFacility } from '../../mock-server/src/services/facilities'
import { FacilityIndex, type IndexedFacility } from '../../mock-server/src/services/facilities-index'

const geo = districtGeoFromFile()
const NOW = new Date('2026-11-25T02:00:00Z')

describe('opening hours (Asia/Shanghai)', () => {
  it('reads ranges, split ranges, all-day and past-midnight hours', () => {
    const at = (chinaTime: string) => new Date(`2026-11-25T${chinaTime}:00+08:00`)
    expect(chinaMinuteOfDay(at('07:30'))).toBe(450)
    expect(isOpenNow('06:00-22:00', at('21:59'))).toBe(true)
    expect(isOpenNow('06:00-22:00', at('22:00'))).toBe(false)
    expect(isOpenNow('06:00-22:00', at('05:59'))).toBe(false)
    expect(isOpenNow('07:00-09:00,19:00-21:00', at('08:00'))).toBe(true)
    expect(isOpenNow('07:00-09:00,19:00-21:00', at('12:00'))).toBe(false)
    expect(isOpenNow('07:00-09:00,19:00-21:00', at('20:30'))).toBe(true)
    expect(isOpenNow('00:00-24:00', at('00:00'))).toBe(true)
    expect(isOpenNow('00:00-24:00', at('23:59'))).toBe(true)
    expect(isOpenNow('18:00-02:00', at('01:00'))).toBe(true)
    expect(isOpenNow('18:00-02:00', at('03:00'))).toBe(false)
  })
})

describe('generateFacilities', () => {
  const rows = generateFacilities({ toilets: 400, garbagePoints: 400 }, 42, { geo, now: NOW })

  it('is deterministic for a seed, and a different seed gives different facilities', () => {
    expect(generateFacilities({ toilets: 400, garbagePoints: 400 }, 42, { geo, now: NOW })).toEqual(rows)
    expect(generateFacilities({ toilets: 400, garbagePoints: 400 }, 43, { geo, now: NOW })[0].lat).not.toBe(rows[0].lat)
  })

  it('places every facility inside the district, in the grid it names, with unique ids and names', () => {
    for (const row of rows) {
      const address = geo.resolve({ lat: row.lat, lng: row.lng })
      expect(address).toMatchObject({ street: row.street, community: row.community, gridId: row.grid_id })
      expect(row.address.startsWith(`白云区${row.street}`)).toBe(true)
    }
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length)
    expect(new Set(rows.map((row) => row.name)).size).toBe(rows.length)
    expect(rows.filter((row) => row.type === 'toilet')).toHaveLength(400)
  })

  it('is denser in the urban south than in the northern towns', () => {
    const density = (kind: 'street' | 'town') => {
      const streets = geo.streets.filter((street) => street.kind === kind)
      const names = new Set(streets.map((street) => street.name))
      const km2 = streets.reduce((sum, street) => sum + street.areaKm2, 0)
      return rows.filter((row) => names.has(row.street)).length / km2
    }
    expect(density('street')).toBeGreaterThan(4 * density('town'))
    expect(new Set(rows.map((row) => row.street)).size).toBe(24)
  })

  it('gives toilets and garbage points their own realistic attributes', () => {
    const toilet = rows.find((row) => row.type === 'toilet')!
    expect(toilet).toMatchObject({ id: 'wc-00001', bins: null, accessible: expect.any(Number), star_level: expect.any(Number) })
    expect(toilet.name).toMatch(/公厕/)
    const garbage = rows.find((row) => row.type === 'garbage_point')!
    expect(garbage.id).toBe('gp-00001')
    expect(garbage.name).toMatch(/^.+(街|镇)垃圾收集点\d+号$/)
    expect(JSON.parse(garbage.bins!)).toEqual(expect.arrayContaining(['kitchen', 'other']))
    for (const row of rows) expect(row.opening_hours).toMatch(/^\d\d:\d\d-\d\d:\d\d(,\d\d:\d\d-\d\d:\d\d)*$/)
    expect(new Set(rows.filter((row) => row.type === 'toilet').map((row) => row.cleaning_status)).size).toBe(3)
  })
})

describe('FacilityIndex', () => {
  const rows = generateFacilities(4000, 5, { geo, now: NOW })
  const items: IndexedFacility[] = rows.map(toIndexedFacility)
  const index = new FacilityIndex(items)
  const bruteForce = (point: { lat: number; lng: number }, keep: (item: IndexedFacility) => boolean, limit: number) =>
    items
      .filter(keep)
      .map((item) => ({ id: item.id, meters: distanceMeters(point, item) }))
      .sort((a, b) => a.meters - b.meters)
      .slice(0, limit)

  it('finds exactly the k nearest by great-circle distance, filters applied during the walk', () => {
    const rng = createRng(9)
    const evening = new Date('2026-11-25T14:30:00Z') // 22:30 in Guangzhou
    const cases: [Parameters<FacilityIndex['matcher']>[0], (item: IndexedFacility) => boolean][] = [
      [{}, () => true],
      [{ type: 'garbage_point' }, (item) => item.type === 'garbage_point'],
      [{ type: 'toilet', babyCare: true, free: true }, (item) => item.type === 'toilet' && item.babyCare && item.free],
      [{ accessible: true, openAtMinute: chinaMinuteOfDay(evening) }, (item) => item.accessible && isOpenNow(item.openingHours, evening)],
    ]
    for (const [filter, keep] of cases) {
      for (let i = 0; i < 30; i++) {
        const point = geo.randomPointIn(null, rng)
        const expected = bruteForce(point, keep, 10)
        const found = index.nearest(point, { limit: 10, filter })
        expect(found.map((hit) => hit.id)).toEqual(expected.map((hit) => hit.id))
      }
    }
  })

  it('honours a radius, and an empty index answers nothing', () => {
    const point = geo.streets[0].seat
    const within = index.nearest(point, { limit: 50, maxMeters: 600 })
    expect(within.every((hit) => hit.meters <= 600)).toBe(true)
    expect(within.map((hit) => hit.id)).toEqual(bruteForce(point, () => true, 50).filter((hit) => hit.meters <= 600).map((hit) => hit.id))
    expect(new FacilityIndex([]).nearest(point, { limit: 5 })).toEqual([])
  })
})
