/**
 * useLocation: where the resident is, in GCJ-02, on both targets, and a clear Chinese message
 * when they refuse. weapp asks WeChat for gcj02 directly (after privacy consent); the browser
 * gives WGS-84, which must be shifted to GCJ-02 (≈ 600 m in Guangzhou) before it meets a map.
 */
import { act, renderHook } from '@testing-library/react'
import Taro from '@tarojs/taro'
import gcoord from 'gcoord'
import { LOCATION_DENIED_MESSAGE, lastKnownLocation, useLocation, wgs84ToGcj02 } from '@/hooks/useLocation'

const getLocation = jest.fn()
Object.assign(Taro, { getLocation })

const originalEnv = process.env.TARO_ENV
afterEach(() => {
  process.env.TARO_ENV = originalEnv
  jest.clearAllMocks()
})

/** Metres between two points (equirectangular: plenty at this scale). */
function metres(a: { lat: number; lng: number }, b: { lat: number; lng: number }) {
  const x = (b.lng - a.lng) * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180)) * 111_320
  const y = (b.lat - a.lat) * 111_320
  return Math.hypot(x, y)
}

describe('on weapp', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp'
  })

  it('asks WeChat for GCJ-02 and returns it unchanged', async () => {
    getLocation.mockResolvedValue({ latitude: 23.1601, longitude: 113.2702 })
    const { result } = renderHook(() => useLocation())
    expect(result.current.status).toBe('idle')

    let found: unknown
    await act(async () => {
      found = await result.current.locate()
    })

    expect(getLocation).toHaveBeenCalledWith({ type: 'gcj02' })
    expect(found).toEqual({ lat: 23.1601, lng: 113.2702 })
    expect(result.current).toMatchObject({ status: 'ok', location: { lat: 23.1601, lng: 113.2702 } })
    expect(result.current.error).toBeUndefined()
    expect(lastKnownLocation()).toEqual({ lat: 23.1601, lng: 113.2702 })
  })

  it('says so in Chinese when the resident refuses, and keeps no position', async () => {
    getLocation.mockRejectedValue({ errMsg: 'getLocation:fail auth deny' })
    const { result } = renderHook(() => useLocation())

    let found: unknown = 'unset'
    await act(async () => {
      found = await result.current.locate()
    })

    expect(found).toBeNull()
    expect(result.current.status).toBe('denied')
    expect(result.current.error).toBe('未获得定位权限，请在地图上手动选择位置')
    expect(result.current.location).toBeNull()
  })

  it('treats a missing privacy consent (errno 112) as a refusal', async () => {
    getLocation.mockRejectedValue({ errno: 112, errMsg: 'getLocation:fail api scope is not declared in the privacy agreement' })
    const { result } = renderHook(() => useLocation())
    await act(async () => void (await result.current.locate()))
    expect(result.current.status).toBe('denied')
    expect(result.current.error).toBe(LOCATION_DENIED_MESSAGE)
  })

  it('tells a phone without a fix apart from a refusal', async () => {
    getLocation.mockRejectedValue({ errMsg: 'getLocation:fail system error' })
    const { result } = renderHook(() => useLocation())
    await act(async () => void (await result.current.locate()))
    expect(result.current.status).toBe('unavailable')
    expect(result.current.error).toContain('暂时无法获取你的位置')
  })
})

describe('in the browser (H5)', () => {
  const geolocation = { getCurrentPosition: jest.fn() }
  beforeAll(() => {
    Object.defineProperty(navigator, 'geolocation', { value: geolocation, configurable: true })
  })
  beforeEach(() => {
    process.env.TARO_ENV = 'h5'
  })

  it('converts the browser position from WGS-84 to GCJ-02 with gcoord', async () => {
    const gps = { lat: 23.1575, lng: 113.2680 }
    geolocation.getCurrentPosition.mockImplementation((success: PositionCallback) =>
      success({ coords: { latitude: gps.lat, longitude: gps.lng } } as GeolocationPosition),
    )
    const { result } = renderHook(() => useLocation())

    let found: { lat: number; lng: number } | null = null
    await act(async () => {
      found = await result.current.locate()
    })

    const [lng, lat] = gcoord.transform([gps.lng, gps.lat], gcoord.WGS84, gcoord.GCJ02)
    expect(found).toEqual({ lat, lng })
    expect(result.current.status).toBe('ok')
    // The shift is real: a map in GCJ-02 would put the raw GPS point hundreds of metres off.
    expect(metres(gps, found!)).toBeGreaterThan(300)
    expect(metres(gps, found!)).toBeLessThan(800)
    expect(getLocation).not.toHaveBeenCalled()
  })

  it('reports a refused browser permission in Chinese', async () => {
    geolocation.getCurrentPosition.mockImplementation((_success: PositionCallback, failure: PositionErrorCallback) =>
      failure({ code: 1, message: 'User denied Geolocation' } as GeolocationPositionError),
    )
    const { result } = renderHook(() => useLocation())
    await act(async () => void (await result.current.locate()))
    expect(result.current.status).toBe('denied')
    expect(result.current.error).toBe('未获得定位权限，请在地图上手动选择位置')
  })

  it('wgs84ToGcj02 round-trips with gcoord within a metre', () => {
    const gps = { lat: 23.2, lng: 113.3 }
    const shifted = wgs84ToGcj02(gps)
    const [lng, lat] = gcoord.transform([shifted.lng, shifted.lat], gcoord.GCJ02, gcoord.WGS84)
    expect(metres(gps, { lat, lng })).toBeLessThan(1)
  })
})
