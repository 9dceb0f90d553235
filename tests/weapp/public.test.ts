/**
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 *
 * The compiled public pages (#15, packages/public) against the real backend: 附近的上报 lists an
 * open and a fixed report near the resident (the list is the map's text alternative) and hands
 * the native map clustered markers, each with its category's icon in its status colour and a
 * label saying both (a legend explains the colours); 数据公开 shows the figures of GET /api/stats.
 * Needs a weapp build (WEAPP_DIST, default dist).
 */
import './nodeGlobals' // before the backend: it needs Node globals jsdom lacks
import fs from 'node:fs'
import path from 'node:path'
import type { PublicStatsAnswer } from '@contract/public'
import { buildTestApp, login } from '../helpers/app'
import { fileTicketOk, validReport } from '../helpers/tickets'
import { installFacilityStandIns, nativeMarkers } from './facilities-harness'
import { DIST, closeAllPages, forwardRequestsTo, openPage, tapText, waitUntil } from './simulate'

/** A resident in 三元里街 (GCJ-02). */
const DEVICE = { lat: 23.1602, lng: 113.2695 }

let backend: Awaited<ReturnType<typeof buildTestApp>>

beforeAll(async () => {
  backend = await buildTestApp({ rateLimitScale: 0 })
  installFacilityStandIns(DEVICE)
  const { token } = await login(backend.app, 'reporter')
  const at = { ...DEVICE, coordSystem: 'gcj02' as const }
  await fileTicketOk(backend.app, token, validReport({ location: at, categoryId: 'broken_streetlight' }))
  const fixed = await fileTicketOk(backend.app, token, validReport({ location: { ...at, lat: at.lat + 0.001 } }))
  const resolvedAt = new Date(Date.parse(fixed.createdAt) + 2 * 3_600_000).toISOString()
  await backend.app.db.updateTable('tickets').set({ status: 'resolved', resolved_at: resolvedAt }).where('id', '=', fixed.id).execute()
})
afterEach(closeAllPages)
afterAll(async () => {
  await backend.cleanup()
})

const textOf = (page: ReturnType<typeof openPage>) => (page.dom as Element).textContent ?? ''
const pageData = (page: ReturnType<typeof openPage>) => (page as unknown as { instance: { data: unknown } }).instance.data

it('附近的上报 lists the open and the fixed report from the API, with markers on the native map', async () => {
  const requests = forwardRequestsTo(backend.app)
  const page = openPage('packages/public/map/index')
  await waitUntil(() => expect(textOf(page)).toContain('用时 2.0 小时'))
  const text = textOf(page)
  expect(text).toContain('处理中')
  expect(text).toContain('路灯')
  expect(text).toContain('用时 2.0 小时')
  expect(text).toContain('0 人也遇到')
  expect(requests.sent.some((line) => line.startsWith('GET /api/public/tickets?bbox='))).toBe(true)
  const markers = await waitUntil(() => {
    const found = nativeMarkers(pageData(page))
    expect(found.length).toBe(2)
    return found
  }, 5000)
  for (const marker of markers) expect(marker.joinCluster).toBe(true)
  // Each marker says category + status, and its image is that category's icon in that status's
  // colour: a real file in the public subpackage (the native map takes no data URLs).
  const byLabel = (words: string[]) => markers.find((m) => words.every((w) => (m.ariaLabel ?? '').includes(w)))
  const openMarker = byLabel(['路灯', '处理中'])
  const fixedMarker = byLabel(['已修好'])
  expect(openMarker).toBeDefined()
  expect(fixedMarker).toBeDefined()
  expect(openMarker!.iconPath).toMatch(/streetlight-open\.png$/)
  expect(fixedMarker!.iconPath).toMatch(/-fixed\.png$/)
  for (const marker of [openMarker!, fixedMarker!]) {
    expect(marker.iconPath.replace(/^\//, '')).toMatch(/^packages\/public\//)
    expect(fs.existsSync(path.join(DIST, marker.iconPath))).toBe(true)
  }
  // The legend explains the colours in words.
  expect(text).toContain('图标为问题类别')
  // Let the map's settled-region reload finish before the page closes.
  await new Promise((resolve) => setTimeout(resolve, 1500))
})

it('数据公开 shows the figures of GET /api/stats and switches the period', async () => {
  const requests = forwardRequestsTo(backend.app)
  const page = openPage('packages/public/stats/index')
  await waitUntil(() => expect(textOf(page)).toContain('按时办结率'))
  const stats = (await backend.app.inject({ method: 'GET', url: '/api/stats?period=30' })).json<PublicStatsAnswer>()
  expect(stats.figures.received).toBe(2)
  const text = textOf(page)
  expect(text).toContain('收到上报2')
  expect(text).toContain('已处置1')
  expect(text).toContain('街道/镇排名')
  tapText(page, '近 7 天')
  await waitUntil(() => expect(requests.sent.some((line) => line.startsWith('GET /api/stats?period=7'))).toBe(true))
  await new Promise((resolve) => setTimeout(resolve, 1000))
})
