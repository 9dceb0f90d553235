/**
 * The H5 map works offline: Leaflet draws the district outline and its 24 streets from our own
 * backend (GCJ-02 GeoJSON), on a plain background, with no tile server and no request leaving
 * 127.0.0.1. Here the resident refuses geolocation, so the page also says so and falls back.
 * Needs an H5 build (H5_DIST, default dist-h5).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPhonePage, pageProblems, screenshot } from '../helpers/browser'
import { H5_DIR, startTestServer } from '../helpers/server'

jest.setTimeout(60_000)

describe('H5 map offline', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>
  let browser: Browser
  let page: Page
  const requested: string[] = []

  beforeAll(async () => {
    if (!fs.existsSync(path.join(H5_DIR, 'index.html'))) throw new Error(`${H5_DIR} is missing: build H5 first`)
    server = await startTestServer()
    browser = await launchBrowser()
    page = await openPhonePage(browser, { permissions: [] }) // geolocation not granted
    page.on('request', (request) => requested.push(request.url()))
  })
  afterAll(async () => {
    await browser?.close()
    await server?.cleanup()
  })

  it('draws the district outline and the street boundaries as vector layers', async () => {
    await page.goto(`${server.url}/#/pages/facilities/index`)
    const map = page.getByRole('region', { name: '附近设施地图' })
    await map.waitFor()
    await page.locator('path.map-view__district').first().waitFor()
    expect(await page.locator('path.map-view__street').count()).toBe(24)
    // No tiles configured: no <img> tiles, the plain background shows.
    expect(await page.locator('.leaflet-tile').count()).toBe(0)
    // The boundary paths really have a shape on screen.
    const box = await page.locator('path.map-view__district').first().boundingBox()
    expect(box && box.width > 50 && box.height > 50).toBe(true)
    await screenshot(page, 'map-01-offline-boundaries')
  })

  it('says location was refused and still lists facilities from the district centre', async () => {
    await page.getByText('未获得定位权限，距离暂按白云区政府计算').waitFor()
    await page.locator('.facility-card').first().waitFor()
    await page.locator('.leaflet-marker-icon').first().waitFor()
    await screenshot(page, 'map-02-location-denied')
  })

  it('zooms with its own buttons and loads the markers of the new area', async () => {
    const before = requested.filter((url) => url.includes('/api/facilities?bbox=')).length
    await page.getByRole('button', { name: '缩小地图' }).click()
    await page.waitForFunction(
      (count) => performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/api/facilities?bbox=')).length > count,
      before,
    )
    expect(requested.filter((url) => url.includes('/api/facilities?bbox=')).length).toBeGreaterThan(before)
    // Further out: the whole district, its streets, and the clusters.
    await page.getByRole('button', { name: '缩小地图' }).click()
    await page.getByRole('button', { name: '缩小地图' }).click()
    await page.locator('.map-view__cluster').first().waitFor()
    await page.waitForTimeout(600)
    await screenshot(page, 'map-03-zoomed-out-clusters')
  })

  it('loaded everything from the local backend, and raised no errors', () => {
    const origins = [...new Set(requested.map((url) => (url.startsWith('data:') ? 'data:' : new URL(url).origin)))]
    expect(origins.filter((origin) => origin !== 'data:')).toEqual([server.url])
    expect(requested.some((url) => url.includes('/api/geo/district?level=street&coordSystem=gcj02'))).toBe(true)
    expect(requested.some((url) => url.includes('/api/geo/district?level=district&coordSystem=gcj02'))).toBe(true)
    expect(pageProblems(page)).toEqual([])
  })
})
