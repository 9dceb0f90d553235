import fs from 'node:fs'
import gcoord from 'gcoord'
import { buildDivisions, DIVISIONS_FILE, readOutline, serializeDivisions } from '../../mock-server/src/geo/build-divisions'
import { STREETS } from '../../mock-server/src/geo/divisions-spec'
import { districtGeoFromFile } from '../../mock-server/src/geo/load'
import { createRng } from '../../mock-server/src/geo/prng'
import type { Point } from '@contract/schemas'

const geo = districtGeoFromFile()
const fromGcj02 = (lng: number, lat: number): Point => {
  const [wlng, wlat] = gcoord.transform([lng, lat], gcoord.GCJ02, gcoord.WGS84) as [number, number]
  return { lat: wlat, lng: wlng }
}

describe('DistrictGeo (Baiyun divisions)', () => {
  it('has the 20 streets and 4 towns, each divided into communities and grids with stable codes', () => {
    expect(geo.streets.map((street) => street.name)).toEqual(STREETS.map((spec) => spec.name))
    expect(geo.streets.filter((street) => street.kind === 'town').map((street) => street.name).sort()).toEqual(
      ['人和镇', '太和镇', '江高镇', '钟落潭镇'].sort(),
    )
    for (const street of geo.streets) {
      expect(street.code).toMatch(/^440111-\d{3}$/)
      expect(street.communityCodes.length).toBeGreaterThanOrEqual(3)
      expect(street.gridIds.length).toBeGreaterThanOrEqual(street.communityCodes.length)
    }
    expect(new Set(geo.grids.map((grid) => grid.id)).size).toBe(geo.grids.length)
    expect(geo.grids[0]).toMatchObject({ id: '440111-001-01-1', name: '三元里街第1网格', streetName: '三元里街' })
    for (const grid of geo.grids) expect(grid.id.startsWith(`${grid.communityCode}-`)).toBe(true)
  })

  it('resolves a point in 三元里 to 三元里街 with its community, grid and full address line', () => {
    // 三元里 village, GCJ-02 as read off an AMap/WeChat map.
    const address = geo.resolve(fromGcj02(113.2605, 23.161))
    expect(address).toMatchObject({ street: '三元里街', gridId: expect.stringMatching(/^440111-001-\d{2}-\d+$/) })
    expect(address!.gridName).toMatch(/^三元里街第\d+网格$/)
    expect(address!.text).toBe(`广州市白云区三元里街${address!.community}`)
    expect(geo.street('三元里街')!.communityCodes.map((code) => geo.community(code)!.name)).toContain(address!.community)
  })

  it('resolves the far north to a town (镇) and its village (村)', () => {
    const address = geo.resolve(fromGcj02(113.43, 23.4))
    expect(address?.street).toMatch(/镇$/)
    expect(address?.community).toMatch(/村$/)
  })

  it('answers null outside the district: 天河城 (Tianhe), 越秀公园, Beijing', () => {
    for (const [lng, lat] of [
      [113.3262, 23.1325],
      [113.2669, 23.1395],
      [116.3975, 39.9087],
    ]) {
      expect(geo.resolve(fromGcj02(lng, lat))).toBeNull()
      expect(geo.contains(fromGcj02(lng, lat))).toBe(false)
    }
  })

  it('puts every street office inside its own street', () => {
    for (const street of geo.streets) expect(geo.resolve(street.seat)?.street).toBe(street.name)
  })

  it('covers the district: random points inside the outline all resolve, to a grid whose street agrees', () => {
    const rng = createRng(1)
    for (let i = 0; i < 3000; i++) {
      const point = geo.randomPointIn(null, rng)
      const location = geo.locate(point)
      expect(location).not.toBeNull()
      expect(location!.grid.streetCode).toBe(location!.street.code)
      expect(location!.grid.communityCode).toBe(location!.community.code)
    }
  })

  it('places random points inside the grid asked for, deterministically', () => {
    const grid = geo.grids[100]
    const a = Array.from({ length: 50 }, (_, i) => geo.randomPointIn(grid.id, createRng(i)))
    const b = Array.from({ length: 50 }, (_, i) => geo.randomPointIn(grid.id, createRng(i)))
    expect(a).toEqual(b)
    for (const point of a) expect(geo.resolve(point)?.gridId).toBe(grid.id)
    for (const g of geo.grids) expect(geo.resolve(g.center)?.gridId).toBe(g.id)
  })

  it('serves boundaries in GCJ-02 for the map (the outline matches the DataV source) and in WGS-84 on request', () => {
    const source = readOutline().features[0].geometry as { coordinates: number[][][][] }
    const [gcjLng, gcjLat] = source.coordinates[0][0][0]
    const gcj = geo.featureCollection('district', 'gcj02').features[0].geometry.coordinates[0][0][0]
    expect(Math.abs(gcj[0] - gcjLng)).toBeLessThan(2e-6)
    expect(Math.abs(gcj[1] - gcjLat)).toBeLessThan(2e-6)
    const wgs = geo.featureCollection('district', 'wgs84').features[0].geometry.coordinates[0][0][0]
    expect(Math.abs(wgs[0] - gcjLng)).toBeGreaterThan(0.004) // ~500 m apart in Guangzhou
    const outline = geo.outlineGcj02()
    expect(outline.features.map((feature) => feature.properties.level)).toEqual(['district', ...geo.streets.map(() => 'street')])
    expect(geo.featureCollection('grid').features).toHaveLength(geo.grids.length)
  })

  it('the committed divisions file is exactly what the generator builds (regenerate with build-divisions.ts)', () => {
    const built = serializeDivisions(buildDivisions(readOutline()))
    expect(built === fs.readFileSync(DIVISIONS_FILE, 'utf8')).toBe(true)
  })

  it('resolves in microseconds', () => {
    const rng = createRng(2)
    const points = Array.from({ length: 20_000 }, () => ({ lat: rng.range(23.1, 23.45), lng: rng.range(113.1, 113.55) }))
    const started = performance.now()
    for (const point of points) geo.resolve(point)
    const perCall = (performance.now() - started) / points.length
    expect(perCall).toBeLessThan(0.05) // 50 µs: a generous bound for a busy CI machine
  })
})
