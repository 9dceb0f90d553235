/** The mini-program never asks the browser API (useLocation calls Taro.getLocation with gcj02). */
import type { LatLng } from '@/components/MapView/types'
import { LocationFailure } from './locationFailure'

export { LocationFailure }

export function wgs84ToGcj02(): LatLng {
  throw new Error('wgs84ToGcj02 is H5 only: WeChat gives GCJ-02 directly')
}

export function locateInBrowser(): Promise<LatLng> {
  return Promise.reject(new LocationFailure('unavailable'))
}
