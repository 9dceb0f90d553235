/**
 * Coordinate systems: the API accepts GCJ-02 (WeChat's map) or WGS-84, stores WGS-84, and answers
 * in the system the client asks for. gcoord does the datum shift (and throws on garbage).
 */
import gcoord from 'gcoord'
import type { CoordSystem, LocationInput, Point } from '@contract/schemas'

const SYSTEMS = { gcj02: gcoord.GCJ02, wgs84: gcoord.WGS84 } as const

export function convert(point: Point, from: CoordSystem, to: CoordSystem): Point {
  if (from === to) return { lat: point.lat, lng: point.lng }
  const [lng, lat] = gcoord.transform([point.lng, point.lat], SYSTEMS[from], SYSTEMS[to]) as [number, number]
  return { lat, lng }
}

export function toWgs84(location: LocationInput): Point {
  return convert(location, location.coordSystem, 'wgs84')
}

/** A stored WGS-84 point as the client wants it, to 6 decimals (~0.1 m). */
export function fromWgs84(point: Point, to: CoordSystem = 'gcj02'): Point {
  const out = convert(point, 'wgs84', to)
  return { lat: round(out.lat, 6), lng: round(out.lng, 6) }
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals
  return Math.round(value * factor) / factor
}

/** Great-circle distance in metres (haversine; exact enough within a district). */
export function distanceMeters(a: Point, b: Point): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)))
}
