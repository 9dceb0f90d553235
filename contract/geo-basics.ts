/**
 * Plain geography shared by the apps and the backend (no TypeBox): the levels the district is
 * divided into, and the length of a degree for the small boxes drawn around a point.
 */
export const DIVISION_LEVELS = ['district', 'street', 'community', 'grid'] as const
export type DivisionLevel = (typeof DIVISION_LEVELS)[number]

/** Metres in one degree of latitude (and of longitude at the equator). */
export const METERS_PER_DEGREE_LAT = 111_320

/** Metres in one degree of longitude at latitude `lat`. */
export function metersPerDegreeLng(lat: number): number {
  return METERS_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180)
}
