/**
 * DistrictGeo: Baiyun's streets (街道/镇), communities (社区/村) and grids (网格) in memory, for
 * address resolution and placing things inside the district.
 *
 * Coordinates: everything here is WGS-84, like every stored coordinate (points in, points out,
 * boundaries). GCJ-02 exists only at the API edge: featureCollection(level, 'gcj02') converts
 * boundaries for WeChat's map (once, then cached).
 *
 * resolve() is a bbox check then point-in-polygon down the hierarchy: district outline →
 * 24 streets → the grids of one street (~15); a few microseconds.
 */
import type { MultiPolygon, Position } from 'geojson'
import type { CoordSystem, Point, ResolvedAddress } from '@contract/schemas'
import { convert, distanceMeters } from '../lib/coords'
import { DISTRICT_NAME } from '../lib/district'
import type { DivisionFeature, DivisionLevel, DivisionsCollection } from './divisions-file'
import { areaKm2, containsPoint, prepare, type BBox, type PreparedPolygon } from './polygon'
import type { Rng } from './prng'

export interface GeoStreet {
  code: string
  name: string
  kind: 'street' | 'town'
  /** The street office (seat of the Voronoi cell), WGS-84. */
  seat: Point
  bbox: BBox
  areaKm2: number
  communityCodes: string[]
  gridIds: string[]
}

export interface GeoCommunity {
  code: string
  name: string
  streetCode: string
  streetName: string
  gridIds: string[]
}

export interface GeoGrid {
  id: string
  name: string
  streetCode: string
  streetName: string
  communityCode: string
  /** Community name (社区/村). */
  community: string
  /** A point inside the grid (its centroid when that is inside), WGS-84. */
  center: Point
  bbox: BBox
}

/** Where a point falls, with the full records (resolve() is the contract's flat view of it). */
export interface Location {
  street: GeoStreet
  community: GeoCommunity
  grid: GeoGrid
}

export interface GeoFeatureProperties {
  level: DivisionLevel
  code: string
  name: string
  kind?: 'street' | 'town'
  streetCode?: string
  streetName?: string
  communityCode?: string
  communityName?: string
}

export interface GeoFeatureCollection {
  type: 'FeatureCollection'
  coordSystem: CoordSystem
  features: { type: 'Feature'; properties: GeoFeatureProperties; geometry: MultiPolygon }[]
}

type RandomSource = Rng | (() => number)
const uniform = (rng: RandomSource) => (typeof rng === 'function' ? rng() : rng.next())

const toPoint = ([lng, lat]: [number, number]): Point => ({ lat, lng })

export class DistrictGeo {
  readonly name = DISTRICT_NAME
  readonly streets: GeoStreet[] = []
  readonly communities: GeoCommunity[] = []
  readonly grids: GeoGrid[] = []

  private readonly outline: PreparedPolygon
  private readonly shapes = new Map<string, PreparedPolygon>()
  private readonly features: DivisionFeature[]
  private readonly streetsByCode = new Map<string, GeoStreet>()
  private readonly communitiesByCode = new Map<string, GeoCommunity>()
  private readonly gridsById = new Map<string, GeoGrid>()
  private readonly collections = new Map<string, GeoFeatureCollection>()

  constructor(divisions: DivisionsCollection) {
    if (divisions.coordSystem !== 'wgs84') throw new Error('DistrictGeo expects WGS-84 divisions')
    this.features = divisions.features
    const district = divisions.features.find((feature) => feature.properties.level === 'district')
    if (!district) throw new Error('divisions lack the district outline')
    this.outline = prepare(district.geometry)

    for (const { properties: p, geometry } of divisions.features) {
      if (p.level === 'district') continue
      const shape = prepare(geometry)
      this.shapes.set(p.code, shape)
      if (p.level === 'street') {
        const street: GeoStreet = {
          code: p.code,
          name: p.name,
          kind: p.kind ?? 'street',
          seat: toPoint(p.anchor!),
          bbox: shape.bbox,
          areaKm2: areaKm2(shape),
          communityCodes: [],
          gridIds: [],
        }
        this.streets.push(street)
        this.streetsByCode.set(street.code, street)
      } else if (p.level === 'community') {
        const street = this.requireStreet(p.streetCode!)
        const community: GeoCommunity = { code: p.code, name: p.name, streetCode: street.code, streetName: street.name, gridIds: [] }
        street.communityCodes.push(community.code)
        this.communities.push(community)
        this.communitiesByCode.set(community.code, community)
      } else {
        const street = this.requireStreet(p.streetCode!)
        const community = this.communitiesByCode.get(p.communityCode!)
        if (!community) throw new Error(`grid ${p.code}: unknown community ${p.communityCode}`)
        const grid: GeoGrid = {
          id: p.code,
          name: p.name,
          streetCode: street.code,
          streetName: street.name,
          communityCode: community.code,
          community: community.name,
          center: toPoint(p.anchor!),
          bbox: shape.bbox,
        }
        street.gridIds.push(grid.id)
        community.gridIds.push(grid.id)
        this.grids.push(grid)
        this.gridsById.set(grid.id, grid)
      }
    }
  }

  private requireStreet(code: string): GeoStreet {
    const street = this.streetsByCode.get(code)
    if (!street) throw new Error(`unknown street ${code}`)
    return street
  }

  /** Is the WGS-84 point inside the district outline? */
  contains(point: Point): boolean {
    return containsPoint(this.outline, point.lng, point.lat)
  }

  /** Street, community and grid of a WGS-84 point; null outside the district. */
  locate(point: Point): Location | null {
    const { lng, lat } = point
    if (!containsPoint(this.outline, lng, lat)) return null
    const street = this.streets.find((candidate) => containsPoint(this.shapes.get(candidate.code)!, lng, lat)) ?? this.nearestStreet(point)
    const gridId = street.gridIds.find((id) => containsPoint(this.shapes.get(id)!, lng, lat)) ?? this.nearestGridId(street, point)
    const grid = this.gridsById.get(gridId)!
    return { street, community: this.communitiesByCode.get(grid.communityCode)!, grid }
  }

  /** The contract's ResolvedAddress of a WGS-84 point; null outside the district. */
  resolve(point: Point): ResolvedAddress | null {
    const location = this.locate(point)
    if (!location) return null
    const { street, community, grid } = location
    return {
      street: street.name,
      community: community.name,
      gridId: grid.id,
      gridName: grid.name,
      text: `${DISTRICT_NAME}${street.name}${community.name}`,
    }
  }

  // Fallbacks for points on a shared edge (rounding can leave a hair-thin seam between cells).
  private nearestStreet(point: Point): GeoStreet {
    return this.streetsByCode.get(this.nearestGrid(this.grids, point).streetCode)!
  }

  private nearestGrid(grids: GeoGrid[], point: Point): GeoGrid {
    return grids.reduce((best, grid) => (distanceMeters(point, grid.center) < distanceMeters(point, best.center) ? grid : best))
  }

  private nearestGridId(street: GeoStreet, point: Point): string {
    return this.nearestGrid(
      street.gridIds.map((id) => this.gridsById.get(id)!),
      point,
    ).id
  }

  grid(id: string): GeoGrid | undefined {
    return this.gridsById.get(id)
  }

  street(codeOrName: string): GeoStreet | undefined {
    return this.streetsByCode.get(codeOrName) ?? this.streets.find((street) => street.name === codeOrName)
  }

  community(code: string): GeoCommunity | undefined {
    return this.communitiesByCode.get(code)
  }

  /**
   * A uniformly random WGS-84 point inside a grid, street or community (by id/code), or inside the
   * whole district when no area is given. Deterministic for a seeded rng.
   */
  randomPointIn(area: string | null, rng: RandomSource): Point {
    const shape = area === null ? this.outline : this.shapes.get(area) ?? this.shapes.get(this.street(area)?.code ?? '')
    if (!shape) throw new Error(`unknown area ${area}`)
    const [minLng, minLat, maxLng, maxLat] = shape.bbox
    for (let tries = 0; tries < 10_000; tries++) {
      const lng = minLng + uniform(rng) * (maxLng - minLng)
      const lat = minLat + uniform(rng) * (maxLat - minLat)
      if (containsPoint(shape, lng, lat)) return { lat, lng }
    }
    throw new Error(`could not place a point in ${area}`)
  }

  /** Boundaries of one level as GeoJSON (MultiPolygons), in the system asked for; cached. */
  featureCollection(level: DivisionLevel, coordSystem: CoordSystem = 'gcj02'): GeoFeatureCollection {
    const key = `${level}:${coordSystem}`
    let collection = this.collections.get(key)
    if (!collection) {
      collection = {
        type: 'FeatureCollection',
        coordSystem,
        features: this.features
          .filter((feature) => feature.properties.level === level)
          .map((feature) => ({ type: 'Feature', properties: this.describe(feature), geometry: transformGeometry(feature.geometry, coordSystem) })),
      }
      this.collections.set(key, collection)
    }
    return collection
  }

  /** The district outline and its street boundaries in GCJ-02, for the app's map. */
  outlineGcj02(): GeoFeatureCollection {
    const district = this.featureCollection('district')
    return { ...district, features: [...district.features, ...this.featureCollection('street').features] }
  }

  private describe({ properties: p }: DivisionFeature): GeoFeatureProperties {
    const out: GeoFeatureProperties = { level: p.level, code: p.code, name: p.name }
    if (p.kind) out.kind = p.kind
    if (p.streetCode) {
      out.streetCode = p.streetCode
      out.streetName = this.streetsByCode.get(p.streetCode)?.name
    }
    if (p.communityCode) {
      out.communityCode = p.communityCode
      out.communityName = this.communitiesByCode.get(p.communityCode)?.name
    }
    return out
  }
}

function transformGeometry(geometry: MultiPolygon, to: CoordSystem): MultiPolygon {
  if (to === 'wgs84') return geometry
  const move = ([lng, lat]: Position): Position => {
    const out = convert({ lng, lat }, 'wgs84', to)
    return [Number(out.lng.toFixed(6)), Number(out.lat.toFixed(6))]
  }
  return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((rings) => rings.map((ring) => ring.map(move))) }
}
