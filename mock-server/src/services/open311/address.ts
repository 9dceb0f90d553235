/**
 * address_string without lat/long: we have no street-level geocoder, so the string must name a
 * community (社区/村) or street (街道/镇) of the district. The most specific match wins: a community
 * places the report at the centre of one of its grids, a street at its office (街道办). Anything
 * else is refused (400) rather than guessed.
 */
import type { Point } from '@contract/schemas'
import type { DistrictGeo } from '../../geo/district-geo'

export interface GeocodedAddress {
  point: Point
  /** What matched, e.g. 景泰社区 or 景泰街. */
  matched: string
}

export function geocodeAddress(geo: DistrictGeo, addressString: string): GeocodedAddress | null {
  const text = addressString.replace(/\s+/g, '')
  if (!text) return null
  const longestFirst = <T extends { name: string }>(items: T[]) =>
    items.filter((item) => text.includes(item.name)).sort((a, b) => b.name.length - a.name.length)

  const streets = longestFirst(geo.streets)
  const communities = longestFirst(geo.communities)
  // A community named in the street that is also named, if any; else the longest community name.
  const community = communities.find((candidate) => streets.some((street) => street.code === candidate.streetCode)) ?? communities[0]
  if (community) {
    const grid = community.gridIds.map((id) => geo.grid(id)).find((candidate) => candidate !== undefined)
    if (grid) return { point: grid.center, matched: community.name }
  }
  const street = streets[0]
  if (street) return { point: street.seat, matched: street.name }
  return null
}
