/**
 * 附近设施 in the browser build against the real backend, with a fixed GPS position (WGS-84, as
 * browsers give it): the nearest toilet comes first with its distance, a filter narrows the list,
 * the detail shows the facility and rates it, and 报告问题 opens the report form prefilled.
 * Needs an H5 build (H5_DIST, default dist-h5).
 */
import fs from 'node:fs'
import path from 'node:path'
import gcoord from 'gcoord'
import type { Browser, Page } from 'playwright-core'
import type { NearestFacilitiesResponse } from '@contract/facilities'
import { launchBrowser, openPhonePage, pageProblems, screenshot } from '../helpers/browser'
import { H5_DIR, startTestServer } from '../helpers/server'

jest.setTimeout(90_000)

/** How the list writes a distance: metres under 1 km, else kilometres with one decimal. */
const distanceText = (meters: number) => (meters < 1000 ? `${meters}米` : `${(meters / 1000).toFixed(1)}公里`)

/** A resident in 景泰街 (WGS-84). */
const GPS = { latitude: 23.1605, longitude: 113.2667 }
const [gcjLng, gcjLat] = gcoord.transform([GPS.longitude, GPS.latitude], gcoord.WGS84, gcoord.GCJ02)

describe('附近设施 (H5)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>
  let browser: Browser
  let page: Page
  const outside: string[] = []

  /** What the backend says is nearest to the resident's GCJ-02 position. */
  async function nearest(query: string) {
    const response = await server.app.inject({ method: 'GET', url: `/api/facilities/nearest?lat=${gcjLat}&lng=${gcjLng}&type=toilet&limit=5${query}` })
    return (JSON.parse(response.body) as NearestFacilitiesResponse).items
  }

  beforeAll(async () => {
    if (!fs.existsSync(path.join(H5_DIR, 'index.html'))) throw new Error(`${H5_DIR} is missing: build H5 first`)
    server = await startTestServer()
    browser = await launchBrowser()
    page = await openPhonePage(browser, { geolocation: GPS, permissions: ['geolocation'] })
    page.on('request', (request) => {
      const url = request.url()
      if (!url.startsWith(server.url) && !url.startsWith('data:')) outside.push(url)
    })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.cleanup()
  })

  it('lists the nearest toilet first, with its distance and walking time', async () => {
    const [first, second] = await nearest('')
    await page.goto(`${server.url}/#/pages/facilities/index`)

    const firstCard = page.locator('.facility-card').first()
    await firstCard.waitFor()
    await expect(firstCard.locator('.facility-card__name').textContent()).resolves.toBe(first.name)
    await expect(firstCard.locator('.facility-card__distance').textContent()).resolves.toBe(distanceText(first.distanceMeters))
    await expect(firstCard.locator('.facility-card__walking').textContent()).resolves.toBe(`步行约${first.walkingMinutes}分钟`)
    await expect(page.locator('.facility-card').nth(1).locator('.facility-card__name').textContent()).resolves.toBe(second.name)
    await page.getByText('按离你的距离排序').waitFor()

    // The map: district streets as vectors, the facilities in view as markers (or clusters).
    await page.locator('.leaflet-marker-icon[title^="公厕"], .map-view__cluster').first().waitFor()
    expect(await page.locator('path.map-view__street').count()).toBe(24)
    await screenshot(page, 'facilities-01-nearest')
  })

  it('filters the list: only toilets with a baby-care room', async () => {
    const [firstWithBabyCare] = await nearest('&babyCare=true')
    await page.getByRole('checkbox', { name: '母婴室' }).click()
    await expect(page.getByRole('checkbox', { name: /母婴室/ }).getAttribute('aria-checked')).resolves.toBe('true')

    const firstCard = page.locator('.facility-card').first()
    await page.waitForFunction(
      (name) => document.querySelector('.facility-card .facility-card__name')?.textContent === name,
      firstWithBabyCare.name,
    )
    const cards = page.locator('.facility-card')
    const count = await cards.count()
    expect(count).toBeGreaterThan(0)
    for (let i = 0; i < count; i++) await expect(cards.nth(i).locator('.badge', { hasText: '母婴室' }).count()).resolves.toBe(1)
    await expect(firstCard.locator('.facility-card__distance').textContent()).resolves.toBe(distanceText(firstWithBabyCare.distanceMeters))
    await screenshot(page, 'facilities-02-baby-care')
  })

  it('opens the detail, rates the facility and offers navigation on an external map', async () => {
    const [facility] = await nearest('&babyCare=true')
    await page.locator('.facility-card').first().click()
    await page.getByText('设施信息').waitFor()
    await page.locator('.facility-summary__name', { hasText: facility.name }).waitFor()
    await page.getByText(facility.address).first().waitFor()
    await page.getByText('母婴室').first().waitFor()

    const link = page.getByRole('link', { name: '导航（打开高德地图网站）' })
    const href = await link.getAttribute('href')
    expect(href).toContain('https://uri.amap.com/marker?')
    expect(href).toContain(`position=${facility.location.lng.toFixed(6)},${facility.location.lat.toFixed(6)}`)
    await screenshot(page, 'facilities-03-detail')

    await page.getByRole('radio', { name: /^4星/ }).click()
    await page.locator('.action-button', { hasText: '提交评价' }).click()
    await page.getByText('我的评价：4星（可修改）').waitFor()
    const stored = await server.app.db.selectFrom('facility_ratings').selectAll().where('facility_id', '=', facility.id).execute()
    expect(stored.map((row) => row.score)).toEqual([4])
    await screenshot(page, 'facilities-04-rated')
  })

  it('报告问题 opens the report form with the category, location and facility', async () => {
    const [facility] = await nearest('&babyCare=true')
    expect(pageProblems(page)).toEqual([])
    await page.locator('.action-button', { hasText: '报告问题（公厕问题）' }).click()
    await page.waitForURL(/packages\/report\/form\/index/)
    const url = decodeURIComponent(page.url())
    expect(url).toContain('categoryId=public_toilet')
    expect(url).toContain(`lat=${facility.location.lat.toFixed(6)}`)
    expect(url).toContain(`lng=${facility.location.lng.toFixed(6)}`)
    expect(url).toContain(`facilityId=${facility.id}`)
    await page.waitForTimeout(1000)
    await screenshot(page, 'facilities-05-report-form')
  })

  it('sent no request beyond the local backend', () => {
    expect(outside).toEqual([])
  })
})
