/**
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 *
 * The compiled 附近设施 tab (weapp build) against the real backend: the page asks WeChat for a
 * GCJ-02 position, lists the nearest toilets by distance, and hands the native <map> the
 * facilities of the visible area as clustered markers with our icon files.
 * Needs a weapp build (WEAPP_DIST, default dist).
 */
import './nodeGlobals' // before the backend: it needs Node globals jsdom lacks
import fs from 'node:fs'
import path from 'node:path'
import type { FacilitiesInBBoxResponse, NearestFacilitiesResponse } from '@contract/facilities'
import { buildTestApp } from '../helpers/app'
import { installFacilityStandIns, nativeMarkers } from './facilities-harness'
import { closeAllPages, DIST, forwardRequestsTo, openPage, waitUntil } from './simulate'

/** A resident in 三元里街 (GCJ-02, what wx.getLocation gives with type gcj02). */
const DEVICE = { lat: 23.1602, lng: 113.2695 }

let backend: Awaited<ReturnType<typeof buildTestApp>>
let recorder: ReturnType<typeof installFacilityStandIns>

beforeAll(async () => {
  backend = await buildTestApp()
  recorder = installFacilityStandIns(DEVICE)
})
afterEach(closeAllPages)
afterAll(async () => {
  await backend.cleanup()
})

const textOf = (page: ReturnType<typeof openPage>) => (page.dom as Element).textContent ?? ''
const pageData = (page: ReturnType<typeof openPage>) => (page as unknown as { instance: { data: unknown } }).instance.data

it('lists the nearest toilets and puts the facilities in view on the native map', async () => {
  const requests = forwardRequestsTo(backend.app)
  const nearest = await backend.app.inject({ method: 'GET', url: `/api/facilities/nearest?lat=${DEVICE.lat}&lng=${DEVICE.lng}&type=toilet&limit=3` })
  const [first, second] = (JSON.parse(nearest.body) as NearestFacilitiesResponse).items

  const page = openPage('pages/facilities/index')

  await waitUntil(() => expect(textOf(page)).toContain(first.name))
  expect(recorder.locationTypes).toEqual(['gcj02'])
  const text = textOf(page)
  expect(text).toContain(`${first.distanceMeters}米`)
  expect(text.indexOf(first.name)).toBeLessThan(text.indexOf(second.name))
  expect(text).toContain('按离你的距离排序')
  expect(requests.sent.some((line) => line.startsWith('GET /api/facilities/nearest?') && line.includes(`lat=${DEVICE.lat}`))).toBe(true)

  // Markers: exactly the facilities the bbox API returned for the visible area.
  const markers = await waitUntil(() => {
    const found = nativeMarkers(pageData(page))
    expect(found.length).toBeGreaterThan(0)
    return found
  }, 5000)
  const bboxRequest = requests.sent.filter((line) => line.startsWith('GET /api/facilities?bbox=')).at(-1)!
  expect(bboxRequest).toContain('type=toilet')
  const inView = JSON.parse((await backend.app.inject({ method: 'GET', url: bboxRequest.slice(4) })).body) as FacilitiesInBBoxResponse
  const key = (lat: number, lng: number) => `${lat.toFixed(6)},${lng.toFixed(6)}`
  expect(markers.map((m) => key(m.latitude, m.longitude)).sort()).toEqual(inView.items.map((f) => key(f.location.lat, f.location.lng)).sort())
  for (const marker of markers) {
    expect(marker.joinCluster).toBe(true)
    expect(marker.iconPath).toBe('/assets/map/toilet.png')
    expect(marker.ariaLabel).toMatch(/^公厕：/)
  }
  expect(fs.existsSync(path.join(DIST, 'assets/map/toilet.png'))).toBe(true)
  expect(recorder.mapCalls).toContain('initMarkerCluster')
})

it('says so when the resident refuses location, and still lists facilities', async () => {
  forwardRequestsTo(backend.app)
  recorder.device.refuse = true
  try {
    const page = openPage('pages/facilities/index')
    await waitUntil(() => expect(textOf(page)).toContain('未获得定位权限，距离暂按白云区政府计算'))
    await waitUntil(() => expect(textOf(page)).toMatch(/公厕[\s\S]*米/))
    expect(textOf(page)).toContain('重新定位')
  } finally {
    recorder.device.refuse = false
  }
})
