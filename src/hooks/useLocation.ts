/**
 * The resident's position in GCJ-02 (what maps, openLocation and our API default to).
 * - weapp: privacy consent first, then Taro.getLocation({ type: 'gcj02' }).
 * - H5: the browser's geolocation (WGS-84, the only system browsers give) converted with gcoord.
 * Nothing happens until `locate()` is called; a denied permission gives status 'denied' and a
 * Chinese message, and the caller lets the resident choose on the map (DISTRICT_CENTER helps).
 * The last position found is shared, so the H5 MapView can draw the "me" dot from it.
 */
import Taro from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { LatLng } from '@/components/MapView/types'
import { LocationFailure, locateInBrowser } from './browserLocation'
import { ensurePrivacyConsent, isPrivacyError } from './usePrivacy'

export { wgs84ToGcj02 } from './browserLocation'

export type LocationStatus = 'idle' | 'locating' | 'ok' | 'denied' | 'unavailable'

export { LOCATION_DENIED_MESSAGE, LOCATION_UNAVAILABLE_MESSAGE } from './locationFailure'

function isDenial(error: unknown): boolean {
  const { errMsg = '', errno } = (error ?? {}) as { errMsg?: string; errno?: number }
  // auth deny / auth denied: the resident refused; 112 / privacy: no consent to the privacy guide.
  return isPrivacyError(error) || errno === 103 || /auth den|permission|authorize/i.test(errMsg)
}

async function locateOnWeapp(): Promise<LatLng> {
  if (!(await ensurePrivacyConsent())) throw new LocationFailure('denied')
  try {
    const { latitude, longitude } = await Taro.getLocation({ type: 'gcj02' })
    return { lat: latitude, lng: longitude }
  } catch (error) {
    throw new LocationFailure(isDenial(error) ? 'denied' : 'unavailable')
  }
}

let lastKnown: LatLng | null = null
const watchers = new Set<(location: LatLng) => void>()

/** The last position any useLocation() found (GCJ-02), or null. */
export function lastKnownLocation(): LatLng | null {
  return lastKnown
}

/** Calls `listener` with each new position found; returns the unsubscribe function. */
export function subscribeToLocation(listener: (location: LatLng) => void): () => void {
  watchers.add(listener)
  return () => void watchers.delete(listener)
}

export interface LocationState {
  location: LatLng | null
  status: LocationStatus
  /** Chinese, for the resident; set when status is 'denied' or 'unavailable'. */
  error?: string
  /** Asks for the position; resolves with it, or null when it could not be found. */
  locate: () => Promise<LatLng | null>
}

export function useLocation(): LocationState {
  const [state, setState] = useState<Omit<LocationState, 'locate'>>({ location: null, status: 'idle' })
  const alive = useRef(true)
  useEffect(() => {
    alive.current = true
    return () => {
      alive.current = false
    }
  }, [])

  const locate = useCallback(async () => {
    setState((previous) => ({ location: previous.location, status: 'locating' }))
    try {
      const location = process.env.TARO_ENV === 'h5' ? await locateInBrowser() : await locateOnWeapp()
      lastKnown = location
      for (const watcher of watchers) watcher(location)
      if (alive.current) setState({ location, status: 'ok' })
      return location
    } catch (error) {
      const failure = error instanceof LocationFailure ? error : new LocationFailure('unavailable')
      if (alive.current) setState((previous) => ({ location: previous.location, status: failure.status, error: failure.message }))
      return null
    }
  }, [])

  return { ...state, locate }
}
