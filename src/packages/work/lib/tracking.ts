/**
 * While on duty the phone reports where the worker is: WeChat's continuous location
 * (startLocationUpdateBackground when the worker allowed "while using and after leaving",
 * otherwise startLocationUpdate while the app is open; H5: the browser's watchPosition), buffered
 * and sent as one batch at most every POSITION_BATCH_INTERVAL_MS. Off duty stops all of it.
 */
import Taro from '@tarojs/taro'
import type { CoordSystem } from '@contract/schemas'
import { POSITION_BATCH_INTERVAL_MS, POSITION_BATCH_MAX } from '@contract/work-limits'
import { ensurePrivacyConsent } from '@/hooks/usePrivacy'
import { sendPositions } from './api'

export type TrackingMode = 'background' | 'foreground' | 'off'

interface BufferedPoint {
  lat: number
  lng: number
  at: string
}

/** weapp gives GCJ-02; browsers give WGS-84, which the backend converts itself. */
const COORD_SYSTEM: CoordSystem = process.env.TARO_ENV === 'weapp' ? 'gcj02' : 'wgs84'

let mode: TrackingMode = 'off'
let buffer: BufferedPoint[] = []
let timer: ReturnType<typeof setInterval> | null = null
let watchId: number | null = null
let sending = false

function push(lat: number, lng: number) {
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) return
  buffer.push({ lat, lng, at: new Date().toISOString() })
  if (buffer.length > POSITION_BATCH_MAX) buffer = buffer.slice(-POSITION_BATCH_MAX)
}

const onChange = (result: { latitude: number; longitude: number }) => push(result.latitude, result.longitude)

/** Sends what was buffered (one request); points stay buffered when it fails. */
export async function flushPositions(): Promise<void> {
  if (sending || buffer.length === 0) return
  sending = true
  const points = buffer
  buffer = []
  try {
    await sendPositions({ points, coordSystem: COORD_SYSTEM })
  } catch {
    buffer = [...points, ...buffer].slice(-POSITION_BATCH_MAX)
  } finally {
    sending = false
  }
}

async function startWeapp(): Promise<TrackingMode> {
  if (!(await ensurePrivacyConsent())) return 'off'
  let started: TrackingMode = 'off'
  try {
    await Taro.startLocationUpdateBackground({ type: 'gcj02' } as Taro.startLocationUpdateBackground.Option)
    started = 'background'
  } catch {
    try {
      await Taro.startLocationUpdate({ type: 'gcj02' } as Taro.startLocationUpdate.Option)
      started = 'foreground'
    } catch {
      return 'off'
    }
  }
  Taro.onLocationChange(onChange)
  return started
}

function startBrowser(): TrackingMode {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return 'off'
  watchId = navigator.geolocation.watchPosition(
    (position) => push(position.coords.latitude, position.coords.longitude),
    () => undefined,
    { enableHighAccuracy: true, maximumAge: 5000 },
  )
  return 'foreground'
}

/** Starts reporting (idempotent); answers how: in the background, only while open, or not at all. */
export async function startTracking(): Promise<TrackingMode> {
  if (mode !== 'off') return mode
  mode = process.env.TARO_ENV === 'weapp' ? await startWeapp() : startBrowser()
  if (mode !== 'off' && !timer) timer = setInterval(() => void flushPositions(), POSITION_BATCH_INTERVAL_MS)
  return mode
}

/** Stops reporting and sends what is left. */
export async function stopTracking(): Promise<void> {
  if (timer) clearInterval(timer)
  timer = null
  if (process.env.TARO_ENV === 'weapp') {
    Taro.offLocationChange(onChange)
    Taro.stopLocationUpdate({ fail: () => undefined })
  } else if (watchId !== null) {
    navigator.geolocation.clearWatch(watchId)
    watchId = null
  }
  mode = 'off'
  await flushPositions()
}

export function trackingMode(): TrackingMode {
  return mode
}
