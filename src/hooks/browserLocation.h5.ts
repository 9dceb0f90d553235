/**
 * The browser's geolocation: WGS-84 (the only system browsers give), converted to GCJ-02 with gcoord.
 * H5 only: the mini-program gets GCJ-02 from WeChat itself, so gcoord stays out of its main package
 * (browserLocation.weapp.ts).
 */
import gcoord from 'gcoord'
import type { LatLng } from '@/components/MapView/types'
import { LocationFailure } from './locationFailure'

export { LocationFailure }

const TIMEOUT_MS = 10_000

/** WGS-84 (GPS, browsers) → GCJ-02 (Chinese maps). gcoord throws on bad input. */
export function wgs84ToGcj02(point: LatLng): LatLng {
  const [lng, lat] = gcoord.transform([point.lng, point.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number]
  return { lat, lng }
}

export function locateInBrowser(): Promise<LatLng> {
  const geolocation = typeof navigator === 'undefined' ? undefined : navigator.geolocation
  if (!geolocation) return Promise.reject(new LocationFailure('unavailable'))
  return new Promise((resolve, reject) => {
    geolocation.getCurrentPosition(
      ({ coords }) => {
        try {
          resolve(wgs84ToGcj02({ lat: coords.latitude, lng: coords.longitude }))
        } catch {
          reject(new LocationFailure('unavailable'))
        }
      },
      // 1 = PERMISSION_DENIED (also insecure origins); 2 = unavailable; 3 = timeout
      (error) => reject(new LocationFailure(error.code === 1 ? 'denied' : 'unavailable')),
      { enableHighAccuracy: true, timeout: TIMEOUT_MS, maximumAge: 60_000 },
    )
  })
}
