/**
 * Fast point-in-polygon on precomputed rings: the hot path of address resolution. Coordinates are
 * [lng, lat] pairs in one flat Float64Array per ring; a bbox check comes first.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson'

export type BBox = [minLng: number, minLat: number, maxLng: number, maxLat: number]

/** A (multi)polygon prepared for repeated point tests. */
export interface PreparedPolygon {
  bbox: BBox
  /** polygons → rings (first = outer, rest = holes) → flat [lng0, lat0, lng1, lat1, ...]. */
  polygons: Float64Array[][]
}

export function toMultiPolygon(geometry: Polygon | MultiPolygon): MultiPolygon {
  return geometry.type === 'MultiPolygon' ? geometry : { type: 'MultiPolygon', coordinates: [geometry.coordinates] }
}

export function prepare(geometry: Polygon | MultiPolygon): PreparedPolygon {
  const bbox: BBox = [Infinity, Infinity, -Infinity, -Infinity]
  const polygons = toMultiPolygon(geometry).coordinates.map((rings) =>
    rings.map((ring: Position[]) => {
      const flat = new Float64Array(ring.length * 2)
      ring.forEach(([lng, lat], i) => {
        flat[2 * i] = lng
        flat[2 * i + 1] = lat
        if (lng < bbox[0]) bbox[0] = lng
        if (lat < bbox[1]) bbox[1] = lat
        if (lng > bbox[2]) bbox[2] = lng
        if (lat > bbox[3]) bbox[3] = lat
      })
      return flat
    }),
  )
  return { bbox, polygons }
}

export function inBBox(bbox: BBox, lng: number, lat: number): boolean {
  return lng >= bbox[0] && lng <= bbox[2] && lat >= bbox[1] && lat <= bbox[3]
}

/** Even-odd ray casting on one ring. */
function inRing(ring: Float64Array, lng: number, lat: number): boolean {
  let inside = false
  const n = ring.length / 2
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[2 * i]
    const yi = ring[2 * i + 1]
    const xj = ring[2 * j]
    const yj = ring[2 * j + 1]
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

export function containsPoint(polygon: PreparedPolygon, lng: number, lat: number): boolean {
  if (!inBBox(polygon.bbox, lng, lat)) return false
  for (const rings of polygon.polygons) {
    if (!inRing(rings[0], lng, lat)) continue
    let inHole = false
    for (let h = 1; h < rings.length && !inHole; h++) inHole = inRing(rings[h], lng, lat)
    if (!inHole) return true
  }
  return false
}

/** Area in km² (planar, scaled by latitude: exact enough for a district). */
export function areaKm2(polygon: PreparedPolygon): number {
  const kmPerDegree = 111.195
  const cosLat = Math.cos((((polygon.bbox[1] + polygon.bbox[3]) / 2) * Math.PI) / 180)
  let area = 0
  for (const rings of polygon.polygons) {
    rings.forEach((ring, r) => {
      let twice = 0
      const n = ring.length / 2
      for (let i = 0, j = n - 1; i < n; j = i++) twice += ring[2 * j] * ring[2 * i + 1] - ring[2 * i] * ring[2 * j + 1]
      area += (r === 0 ? 1 : -1) * Math.abs(twice / 2)
    })
  }
  return area * kmPerDegree * kmPerDegree * cosLat
}
