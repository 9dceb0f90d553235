/** The district's boundaries (public, cached by the browser for an hour): outline, streets, grids. */
import type { DivisionLevel, GeoFeatureCollection } from '@contract/geo'
import { get } from './api'
import { MAP_COORDS } from './endpoints'

const loads = new Map<DivisionLevel, Promise<GeoFeatureCollection>>()

export function loadBoundaries(level: DivisionLevel): Promise<GeoFeatureCollection> {
  let load = loads.get(level)
  if (!load) {
    load = get<GeoFeatureCollection>('/geo/district', { level, coordSystem: MAP_COORDS })
    load.catch(() => loads.delete(level))
    loads.set(level, load)
  }
  return load
}

/** Street names (district order) and grids with their street, for the queue's filters. */
export function geoIndex(streets: GeoFeatureCollection | null, grids: GeoFeatureCollection | null) {
  return {
    streetNames: streets?.features.map((f) => f.properties.name) ?? [],
    gridList:
      grids?.features.map((f) => ({ code: f.properties.code, name: `${f.properties.communityName ?? ''} ${f.properties.name}`.trim(), street: f.properties.streetName ?? '' })) ?? [],
  }
}
