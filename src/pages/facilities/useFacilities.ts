/**
 * The 附近设施 tab's two data sources:
 * - useNearest: the list, nearest first, filtered by the API, reloaded when the origin, type or
 *   filters change (a later load wins over an earlier one still in flight);
 * - useFacilitiesInView: the map markers, only for the visible bbox, reloaded 400 ms after the
 *   map stops moving, so panning across thousands of facilities stays smooth.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { FacilitySummary, NearbyFacility } from '@contract/facilities'
import type { LatLng, MapRegion } from '@/components/MapView/types'
import { toApiError, type ApiError } from '@/services/apiError'
import { facilitiesInBBox, isUsableBBox, nearestFacilities, sortByDistance, type FacilityFilters, type FacilityTypeChoice } from '@/services/facilities'

export const REGION_DEBOUNCE_MS = 400

interface Loaded<T> {
  data?: T
  error?: ApiError
  loading: boolean
}

export function useNearest(origin: LatLng | null, type: FacilityTypeChoice, filters: FacilityFilters, limit: number) {
  const [state, setState] = useState<Loaded<NearbyFacility[]>>({ loading: false })
  const latestCall = useRef(0)
  const filtersKey = JSON.stringify(filters)
  const load = useCallback(() => {
    if (!origin) return
    const call = ++latestCall.current
    setState((previous) => ({ data: previous.data, loading: true }))
    nearestFacilities(origin, { type, filters: JSON.parse(filtersKey) as FacilityFilters, limit }).then(
      (items) => call === latestCall.current && setState({ data: sortByDistance(items), loading: false }),
      (error: unknown) => call === latestCall.current && setState((previous) => ({ data: previous.data, error: toApiError(error), loading: false })),
    )
  }, [origin, type, filtersKey, limit])
  useEffect(load, [load])
  useEffect(
    () => () => {
      latestCall.current = -1 // unmounted
    },
    [],
  )
  return { ...state, reload: load }
}

export function useFacilitiesInView(type: FacilityTypeChoice) {
  const [items, setItems] = useState<FacilitySummary[]>([])
  const [truncated, setTruncated] = useState(false)
  const region = useRef<MapRegion | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>()
  const latestCall = useRef(0)

  const load = useCallback(() => {
    if (!region.current || !isUsableBBox(region.current.bbox)) return
    const call = ++latestCall.current
    facilitiesInBBox(region.current.bbox, { type }).then(
      (answer) => {
        if (call !== latestCall.current) return
        setItems(answer.items)
        setTruncated(answer.truncated)
      },
      () => undefined, // markers are a bonus over the list: keep the last ones on a failed load
    )
  }, [type])

  // The type changed: the same area, other facilities.
  useEffect(load, [load])

  const onRegionChange = useCallback(
    (next: MapRegion) => {
      region.current = next
      clearTimeout(timer.current)
      timer.current = setTimeout(load, REGION_DEBOUNCE_MS)
    },
    [load],
  )
  useEffect(
    () => () => {
      clearTimeout(timer.current)
      latestCall.current = -1
    },
    [],
  )
  return { items, truncated, onRegionChange }
}
