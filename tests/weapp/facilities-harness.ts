/**
 * What the 附近设施 pages need beyond tests/weapp/simulate.ts: a device position
 * (wx.getLocation answering in the type asked for, or refusing), a MapContext that records
 * what the page asks of the native map, window metrics, in-memory storage and a dev login.
 * Call installFacilityStandIns() before the first page opens (Taro wraps wx APIs at launch).
 */
import { answerOk as answer, devLogin, failLater, memoryStorage, wxGlobal, type WxCallbacks as Callbacks } from './wx-stand-ins'

export interface FacilityRecorder {
  /** Each getLocation call's `type`. */
  locationTypes: string[]
  /** Calls on the MapContext, e.g. ['initMarkerCluster', 'moveToLocation']. */
  mapCalls: string[]
  /** Where the position comes from; set `refuse` to answer 'auth deny'. */
  device: { lat: number; lng: number; refuse: boolean }
}

export function installFacilityStandIns(device: { lat: number; lng: number }): FacilityRecorder {
  const recorder: FacilityRecorder = { locationTypes: [], mapCalls: [], device: { ...device, refuse: false } }
  const promised = (name: string) => (options: Callbacks = {}) => {
    recorder.mapCalls.push(name)
    answer(name, options)
    return Promise.resolve({ errMsg: `${name}:ok` })
  }
  Object.assign(wxGlobal(), {
    login: devLogin('dev:facility-resident'),
    ...memoryStorage().apis,
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2 }),
    getLocation: (options: Callbacks & { type?: string }) => {
      recorder.locationTypes.push(options.type ?? 'wgs84')
      if (recorder.device.refuse) return failLater(options, 'getLocation:fail auth deny')
      // The stand-in only knows GCJ-02: the app must ask for it (WeChat's default is WGS-84).
      if (options.type !== 'gcj02') throw new Error('getLocation called without type gcj02')
      answer('getLocation', options, { latitude: recorder.device.lat, longitude: recorder.device.lng, accuracy: 30 })
    },
    createMapContext: () => ({
      initMarkerCluster: promised('initMarkerCluster'),
      moveToLocation: promised('moveToLocation'),
      includePoints: promised('includePoints'),
      getRegion: promised('getRegion'),
    }),
    openLocation: (options: Callbacks) => answer('openLocation', options),
    showToast: (options: Callbacks = {}) => answer('showToast', options),
    navigateTo: (options: Callbacks = {}) => answer('navigateTo', options),
  })
  return recorder
}

/**
 * Every marker Taro sent to a native <map> through setData. Taro shortens attribute names in
 * the page data (markers becomes p17 or so), so markers are recognised by their shape.
 */
export function nativeMarkers(data: unknown): Array<{ id: number; latitude: number; longitude: number; iconPath: string; joinCluster?: boolean; ariaLabel?: string }> {
  const found: unknown[] = []
  const visit = (value: unknown) => {
    if (!value || typeof value !== 'object') return
    if (Array.isArray(value)) return value.forEach(visit)
    for (const child of Object.values(value)) {
      const isMarkerList = Array.isArray(child) && child.length > 0 && child.every((item) => item && typeof item === 'object' && 'iconPath' in item && 'latitude' in item)
      if (isMarkerList) found.push(...(child as unknown[]))
      else visit(child)
    }
  }
  visit(data)
  return found as ReturnType<typeof nativeMarkers>
}
