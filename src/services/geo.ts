/** District geography: boundaries for the map and "which street/community is this point in". */
import type { DivisionLevel, GeoFeatureCollection, GeoResolveResponse } from '@contract/geo'
import type { LatLng } from '@/components/MapView/types'
import { http } from './http'

/** Boundaries as GeoJSON in GCJ-02 (the map's system). Public, so no sign-in. */
export async function getDistrictBoundaries(level: DivisionLevel): Promise<GeoFeatureCollection> {
  const { data } = await http.get<GeoFeatureCollection>('/geo/district', {
    params: { level, coordSystem: 'gcj02' },
    anonymous: true,
  })
  return data
}

/** The street, community and grid of a GCJ-02 point; `address: null` outside the district. */
export async function resolveAddress(point: LatLng): Promise<GeoResolveResponse> {
  const { data } = await http.get<GeoResolveResponse>('/geo/resolve', {
    params: { lat: point.lat, lng: point.lng, coordSystem: 'gcj02' },
    anonymous: true,
  })
  return data
}
