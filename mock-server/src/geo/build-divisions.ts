/**
 * Builds the streets, communities and grids of Baiyun District from its real outline, once, into
 * mock-server/data/baiyun-divisions.geojson (committed; the server never runs turf at start).
 *
 *   streets     = Voronoi cells around the street/town offices, clipped to the outline
 *   communities = Voronoi cells around k-means centres of each street, clipped to the street
 *   grids       = the same again inside each community
 *
 * Deterministic: same outline + same seed → byte-identical file (a unit test checks it).
 * Everything written is WGS-84, like every coordinate the backend stores.
 *
 * Regenerate: npx tsx mock-server/src/geo/build-divisions.ts
 */
import fs from 'node:fs'
import path from 'node:path'
import * as turf from '@turf/turf'
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson'
import { convert } from '../lib/coords'
import { DISTRICT_ADCODE } from '../lib/district'
import { STREETS, type StreetSpec } from './divisions-spec'
import { areaKm2 as planarAreaKm2, containsPoint, prepare, toMultiPolygon, type BBox } from './polygon'
import { createRng, type Rng } from './prng'

import {
  DIVISIONS_FILE,
  DIVISIONS_SEED,
  OUTLINE_FILE,
  type DivisionFeature,
  type DivisionLevel,
  type DivisionProperties,
  type DivisionsCollection,
} from './divisions-file'

// The file's place and shape live in divisions-file.ts (read at start without turf).
export * from './divisions-file'

const DECIMALS = 6

function roundPosition([lng, lat]: Position): [number, number] {
  return [Number(lng.toFixed(DECIMALS)), Number(lat.toFixed(DECIMALS))]
}

function toWgs84Position(position: Position): [number, number] {
  const { lat, lng } = convert({ lng: position[0], lat: position[1] }, 'gcj02', 'wgs84')
  return [lng, lat]
}

/** Rounds, drops repeated vertices and rings that collapse. */
function tidy(geometry: Polygon | MultiPolygon): MultiPolygon | null {
  const polygons = toMultiPolygon(geometry)
    .coordinates.map((rings) =>
      rings
        .map((ring) => {
          const out: Position[] = []
          for (const position of ring.map(roundPosition)) {
            const last = out[out.length - 1]
            if (!last || last[0] !== position[0] || last[1] !== position[1]) out.push(position)
          }
          return out
        })
        .filter((ring) => ring.length >= 4),
    )
    // Drop slivers (< 10 m²) that clipping leaves where an edge grazes the outline.
    .filter((rings) => rings.length > 0 && planarAreaKm2(prepare({ type: 'Polygon', coordinates: rings })) > 1e-5)
  return polygons.length ? { type: 'MultiPolygon', coordinates: polygons } : null
}

function clip(cell: Feature<Polygon>, within: MultiPolygon): MultiPolygon | null {
  const clipped = turf.intersect(turf.featureCollection<Polygon | MultiPolygon>([cell, turf.feature(within)]))
  return clipped ? tidy(clipped.geometry) : null
}

function areaKm2(geometry: MultiPolygon): number {
  return turf.area(geometry) / 1e6
}

function paddedBBox(geometry: MultiPolygon): BBox {
  const [minLng, minLat, maxLng, maxLat] = turf.bbox(geometry)
  return [minLng - 0.01, minLat - 0.01, maxLng + 0.01, maxLat + 0.01]
}

/** Random points inside a polygon (rejection sampling in its bbox). */
function samplePoints(geometry: MultiPolygon, count: number, rng: Rng): [number, number][] {
  const prepared = prepare(geometry)
  const [minLng, minLat, maxLng, maxLat] = prepared.bbox
  const points: [number, number][] = []
  for (let tries = 0; points.length < count && tries < count * 200; tries++) {
    const lng = rng.range(minLng, maxLng)
    const lat = rng.range(minLat, maxLat)
    if (containsPoint(prepared, lng, lat)) points.push([lng, lat])
  }
  return points
}

/** k-means centres of points spread over the polygon: seeds that give cells of similar size. */
function balancedSeeds(geometry: MultiPolygon, k: number, rng: Rng): [number, number][] {
  const points = samplePoints(geometry, Math.max(60, k * 40), rng)
  // Farthest-point initialisation from the first sample: deterministic and well spread.
  const centres: [number, number][] = [points[0]]
  while (centres.length < k) {
    let best = points[0]
    let bestDistance = -1
    for (const point of points) {
      const distance = Math.min(...centres.map((c) => (c[0] - point[0]) ** 2 + (c[1] - point[1]) ** 2))
      if (distance > bestDistance) [best, bestDistance] = [point, distance]
    }
    centres.push(best)
  }
  for (let iteration = 0; iteration < 20; iteration++) {
    const sums = centres.map(() => [0, 0, 0])
    for (const point of points) {
      let nearest = 0
      let nearestDistance = Infinity
      centres.forEach((c, i) => {
        const distance = (c[0] - point[0]) ** 2 + (c[1] - point[1]) ** 2
        if (distance < nearestDistance) [nearest, nearestDistance] = [i, distance]
      })
      sums[nearest][0] += point[0]
      sums[nearest][1] += point[1]
      sums[nearest][2] += 1
    }
    sums.forEach(([lng, lat, n], i) => {
      if (n) centres[i] = [lng / n, lat / n]
    })
  }
  return centres
}

/** Voronoi cells of the seeds clipped to the area, in seed order; empty cells are dropped. */
function divide(area: MultiPolygon, seeds: [number, number][]): MultiPolygon[] {
  const cells = turf.voronoi(turf.featureCollection(seeds.map((seed) => turf.point(seed))), { bbox: paddedBBox(area) })
  return cells.features.flatMap((cell) => {
    const clipped = cell ? clip(cell, area) : null
    return clipped ? [clipped] : []
  })
}

/**
 * A point well inside the geometry, where a grid's worker waits: the centroid of its largest part
 * when inside, else the interior point of a 24×24 lattice nearest that centroid.
 */
function anchorOf(geometry: MultiPolygon): [number, number] {
  const parts = geometry.coordinates.map((rings): Polygon => ({ type: 'Polygon', coordinates: rings }))
  const largest = parts.reduce((best, part) => (turf.area(part) > turf.area(best) ? part : best))
  const shape = prepare(largest)
  const [cx, cy] = turf.centroid(largest).geometry.coordinates
  if (containsPoint(shape, cx, cy)) return roundPosition([cx, cy])
  const [minLng, minLat, maxLng, maxLat] = shape.bbox
  let best: [number, number] | null = null
  let bestDistance = Infinity
  for (let i = 1; i < 24; i++) {
    for (let j = 1; j < 24; j++) {
      const lng = minLng + ((maxLng - minLng) * i) / 24
      const lat = minLat + ((maxLat - minLat) * j) / 24
      const distance = (lng - cx) ** 2 + (lat - cy) ** 2
      if (distance < bestDistance && containsPoint(shape, lng, lat)) [best, bestDistance] = [[lng, lat], distance]
    }
  }
  if (!best) throw new Error('no interior point found')
  return roundPosition(best)
}

function communityCount(spec: StreetSpec, km2: number): number {
  const target = spec.kind === 'town' ? 16 : 2.5
  return Math.max(3, Math.min(spec.communities.length, Math.round(km2 / target)))
}

function gridCount(spec: StreetSpec, km2: number): number {
  const target = spec.kind === 'town' ? 5 : 0.8
  return Math.max(2, Math.min(5, Math.round(km2 / target)))
}

export function buildDivisions(outlineGcj02: FeatureCollection, seed = DIVISIONS_SEED): DivisionsCollection {
  const rng = createRng(seed)
  const source = outlineGcj02.features[0]
  const converted = turf.clone(source) as Feature<Polygon | MultiPolygon>
  turf.coordEach(converted, (position) => {
    const [lng, lat] = toWgs84Position(position)
    position[0] = lng
    position[1] = lat
  })
  const outline = tidy(converted.geometry)
  if (!outline) throw new Error('empty district outline')
  const features: DivisionFeature[] = [
    turf.feature(outline, { level: 'district', code: DISTRICT_ADCODE, name: '白云区' } satisfies DivisionProperties),
  ]

  const seats = STREETS.map((spec) => roundPosition(toWgs84Position(spec.seatGcj02)))
  const outlinePrepared = prepare(outline)
  seats.forEach((seat, i) => {
    if (!containsPoint(outlinePrepared, seat[0], seat[1])) throw new Error(`${STREETS[i].name}: seat ${seat} is outside the outline`)
  })
  const streetCells = turf.voronoi(turf.featureCollection(seats.map((seat) => turf.point(seat))), { bbox: paddedBBox(outline) })

  STREETS.forEach((spec, s) => {
    const streetCode = `${DISTRICT_ADCODE}-${String(s + 1).padStart(3, '0')}`
    const street = clip(streetCells.features[s], outline)
    if (!street) throw new Error(`${spec.name}: empty cell`)
    features.push(turf.feature(street, { level: 'street', code: streetCode, name: spec.name, kind: spec.kind, anchor: seats[s] }))

    const communities = divide(street, balancedSeeds(street, communityCount(spec, areaKm2(street)), rng))
    let gridNumber = 0
    communities.forEach((community, c) => {
      const communityCode = `${streetCode}-${String(c + 1).padStart(2, '0')}`
      features.push(turf.feature(community, { level: 'community', code: communityCode, name: spec.communities[c], streetCode }))
      const grids = divide(community, balancedSeeds(community, gridCount(spec, areaKm2(community)), rng))
      grids.forEach((grid, g) => {
        gridNumber += 1
        features.push(
          turf.feature(grid, {
            level: 'grid',
            code: `${communityCode}-${g + 1}`,
            name: `${spec.name}第${gridNumber}网格`,
            streetCode,
            communityCode,
            anchor: anchorOf(grid),
          }),
        )
      })
    })
  })

  return {
    type: 'FeatureCollection',
    coordSystem: 'wgs84',
    source:
      'Outline: DataV.GeoAtlas 440111 (GCJ-02, see baiyun-district.gcj02.geojson), converted to WGS-84 with gcoord. ' +
      'Streets, communities and grids: generated by mock-server/src/geo/build-divisions.ts (approximate, not official).',
    seed,
    features,
  }
}

export function readOutline(): FeatureCollection {
  return JSON.parse(fs.readFileSync(OUTLINE_FILE, 'utf8')) as FeatureCollection
}

/** One feature per line: diffs stay readable and the file stays compact. */
export function serializeDivisions(collection: DivisionsCollection): string {
  const { features, ...head } = collection
  const lines = features.map((feature) => JSON.stringify(feature))
  return `${JSON.stringify(head).slice(0, -1)},"features":[\n${lines.join(',\n')}\n]}\n`
}

// Run as a script (tsx), not when imported.
if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  const started = performance.now()
  const collection = buildDivisions(readOutline())
  fs.writeFileSync(DIVISIONS_FILE, serializeDivisions(collection))
  const count = (level: DivisionLevel) => collection.features.filter((f) => f.properties.level === level).length
  console.log(
    `wrote ${path.relative(process.cwd(), DIVISIONS_FILE)}: ${count('street')} streets, ${count('community')} communities, ` +
      `${count('grid')} grids in ${Math.round(performance.now() - started)} ms`,
  )
}
