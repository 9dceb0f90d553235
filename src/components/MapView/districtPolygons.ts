/**
 * The district's boundaries, fetched once per app run and shared by every map (≈15 KB of
 * GeoJSON for the 24 streets). A failed load is not cached, so the next map tries again.
 */
import { useEffect, useState } from 'react'
import type { DivisionLevel, GeoFeatureCollection } from '@contract/geo'
import { getDistrictBoundaries } from '@/services/geo'

const loads = new Map<DivisionLevel, Promise<GeoFeatureCollection>>()

export function loadBoundaries(level: DivisionLevel): Promise<GeoFeatureCollection> {
  let load = loads.get(level)
  if (!load) {
    load = getDistrictBoundaries(level)
    load.catch(() => loads.delete(level))
    loads.set(level, load)
  }
  return load
}

/** Street outlines as WeChat <map> polygons (GCJ-02), or [] while loading / when off. */
export function useDistrictPolygons(enabled: boolean) {
  const [polygons, setPolygons] = useState<object[]>([])
  useEffect(() => {
    if (!enabled) {
      setPolygons([])
      return
    }
    let alive = true
    loadBoundaries('street')
      .then((collection) => {
        if (!alive) return
        setPolygons(
          collection.features.flatMap((feature) =>
            feature.geometry.coordinates.map((polygon) => ({
              points: polygon[0].map(([lng, lat]) => ({ latitude: lat, longitude: lng })),
              strokeWidth: 1,
              strokeColor: '#1557b080',
              fillColor: '#1557b00a',
              zIndex: 0,
            })),
          ),
        )
      })
      .catch(() => undefined) // boundaries are decoration: the map works without them (or with a bad answer)
    return () => {
      alive = false
    }
  }, [enabled])
  return polygons
}
