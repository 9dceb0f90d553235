/**
 * The public pages (#15) in the browser build against the real backend: a resident opens
 * 附近的上报, sees a fixed report nearby, follows an open one (我也遇到, stored), then opens 数据公开,
 * switches street and period and sees the numbers change. Screenshots of each step.
 * Needs an H5 build (H5_DIST, default dist-h5).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import sharp from 'sharp'
import type { TicketDetail } from '@contract/tickets'
import { login } from '../helpers/app'
import { launchBrowser, openPhonePage, pageProblems, screenshot } from '../helpers/browser'
import { H5_DIR, startTestServer } from '../helpers/server'
import { fileTicketOk, validReport } from '../helpers/tickets'

/** The status colours of the public map (src/packages/public/lib/format.ts STATE_COLORS), as rgb. */
const OPEN_RGB = [0x9a, 0x5b, 0x00]
const FIXED_RGB = [0x1b, 0x7a, 0x3d]

/** The colour a person sees on a marker's ring: a pixel of its screenshot, 4 px in from the left edge, halfway down. */
async function ringPixel(marker: Locator): Promise<number[]> {
  // The cluster layer redraws its markers when the zoom animation ends: a marker found a moment ago
  // can be replaced while it is photographed ("not attached to the DOM"). The locator finds the new one.
  let shot: Buffer | undefined
  for (let attempt = 0; !shot; attempt++) {
    try {
      shot = await marker.screenshot()
    } catch (error) {
      if (attempt >= 5 || !String(error).includes('not attached')) throw error
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
  }
  const { data, info } = await sharp(shot).raw().toBuffer({ resolveWithObject: true })
  const offset = (Math.floor(info.height / 2) * info.width + 4) * info.channels
  return [data[offset], data[offset + 1], data[offset + 2]]
}
const near = (a: number[], b: number[]) => a.every((value, i) => Math.abs(value - b[i]) <= 40)

/**
 * The ring's pixel once it shows `expected`, or the last one read after ~3 s: under load, Leaflet's
 * marker fade-in and zoom animation can still be running when the marker is first photographed.
 */
async function settledRingPixel(marker: Locator, expected: number[]): Promise<number[]> {
  let pixel = await ringPixel(marker)
  for (let attempt = 0; attempt < 10 && !near(pixel, expected); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 300))
    pixel = await ringPixel(marker)
  }
  return pixel
}

jest.setTimeout(120_000)

/** A resident in 景泰街 (WGS-84). */
const GPS = { latitude: 23.1605, longitude: 113.2667 }

describe('附近的上报 and 数据公开 (H5)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>
  let browser: Browser
  let page: Page
  let open: TicketDetail
  let fixed: TicketDetail
  let far: TicketDetail

  beforeAll(async () => {
    if (!fs.existsSync(path.join(H5_DIR, 'index.html'))) throw new Error(`${H5_DIR} is missing: build H5 first`)
    server = await startTestServer({ rateLimitScale: 0 })
    const neighbour = (await login(server.app, 'e2e-public-neighbour')).token
    const here = { lat: GPS.latitude, lng: GPS.longitude, coordSystem: 'wgs84' as const }
    open = await fileTicketOk(server.app, neighbour, validReport({ location: here, categoryId: 'broken_streetlight' }))
    fixed = await fileTicketOk(server.app, neighbour, validReport({ location: { ...here, lat: here.lat + 0.0015 } }))
    // Filed 10 days ago and fixed in 1.5 h: on the map (fixed within 30 days), in the street's 30 days, not its 7.
    const filedAt = Date.now() - 10 * 86_400_000
    await server.app.db
      .updateTable('tickets')
      .set({ status: 'resolved', created_at: new Date(filedAt).toISOString(), resolved_at: new Date(filedAt + 90 * 60_000).toISOString() })
      .where('id', '=', fixed.id)
      .execute()
    // One report in another street, filed 20 days ago: in the district's 30 days, not in its 7.
    const grid = server.app.geo.grids.find((g) => g.streetName !== open.address.street)!
    far = await fileTicketOk(server.app, neighbour, validReport({ location: { ...grid.center, coordSystem: 'wgs84' } }))
    const longAgo = new Date(Date.now() - 20 * 86_400_000).toISOString()
    await server.app.db.updateTable('tickets').set({ created_at: longAgo, due_at: longAgo }).where('id', '=', far.id).execute()
    browser = await launchBrowser()
    page = await openPhonePage(browser, { geolocation: GPS, permissions: ['geolocation'] })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.cleanup()
  })

  it('1–2. opens the public map from the 上报 tab and sees a fixed report nearby', async () => {
    await page.goto(`${server.url}/#/pages/report/index`)
    await page.getByText('看看附近的上报和处理情况').click()
    await page.locator(`[data-report="${fixed.id}"]`).waitFor()
    await screenshot(page, 'public-01-map')
    const row = page.locator(`[data-report="${fixed.id}"]`)
    await expect(row.getAttribute('data-state')).resolves.toBe('fixed')
    await expect(row.textContent()).resolves.toContain('已修好')
    await expect(row.textContent()).resolves.toContain('用时 1.5 小时')
    await expect(row.textContent()).resolves.toContain(fixed.address.street)
    await page.locator('.leaflet-marker-icon, .map-view__cluster').first().waitFor()
    await screenshot(page, 'public-02-fixed-nearby')
  })

  it('2b. the markers show each report in its status colour with its category icon, and the legend says what the colours mean', async () => {
    const legend = page.locator('.pm-legend')
    await expect(legend.getAttribute('aria-label')).resolves.toBe('状态颜色说明')
    await expect(legend.textContent()).resolves.toBe('处理中已修好图标为问题类别')
    // The two reports are ~170 m apart: one cluster at zoom 15. Tap it to zoom in until both show.
    const openMarker = page.locator('.leaflet-marker-icon[aria-label*="路灯"][aria-label*="处理中"]')
    const fixedMarker = page.locator('.leaflet-marker-icon[aria-label*="已修好"]')
    for (let i = 0; i < 3 && (await fixedMarker.count()) === 0; i++) {
      const cluster = page.locator('.map-view__cluster').first()
      if ((await cluster.count()) > 0) await cluster.click()
      else await page.getByRole('button', { name: '放大地图' }).click()
      await page.waitForTimeout(600)
    }
    await openMarker.first().waitFor()
    await fixedMarker.first().waitFor()
    // The label says category + status.
    await expect(openMarker.first().getAttribute('aria-label')).resolves.toMatch(/^问题：.*路灯.* · 处理中$/)
    await expect(fixedMarker.first().getAttribute('aria-label')).resolves.toMatch(/^问题：.+ · 已修好$/)
    // Different colours, each the status colour of the list and legend: on screen, and as the ring's colour.
    const openPixel = await settledRingPixel(openMarker.first(), OPEN_RGB)
    const fixedPixel = await settledRingPixel(fixedMarker.first(), FIXED_RGB)
    expect(near(openPixel, OPEN_RGB)).toBe(true)
    expect(near(fixedPixel, FIXED_RGB)).toBe(true)
    expect(near(openPixel, fixedPixel)).toBe(false)
    const ringColor = (marker: Locator) => marker.locator('.map-view__badge-ring').evaluate((el) => getComputedStyle(el).borderTopColor)
    await expect(ringColor(openMarker.first())).resolves.toBe('rgb(154, 91, 0)')
    await expect(ringColor(fixedMarker.first())).resolves.toBe('rgb(27, 122, 61)')
    // Each carries its own icon image (H5 may inline the small ones as data URLs).
    const openIcon = await openMarker.first().locator('img').getAttribute('src')
    const fixedIcon = await fixedMarker.first().locator('img').getAttribute('src')
    expect(openIcon).toBeTruthy()
    expect(fixedIcon).toBeTruthy()
    expect(openIcon).not.toBe(fixedIcon)
    await screenshot(page, 'public-02b-marker-colours')
  })

  it('3. follows an open report (我也遇到), stored on the server', async () => {
    await page.locator(`[data-report="${open.id}"]`).click()
    const follow = page.getByText(/我也遇到（0）/)
    await follow.waitFor()
    await expect(page.locator('.pm-panel').textContent()).resolves.toContain('市民')
    await follow.click()
    await page.getByText(/已关注 · 1 人也遇到/).waitFor()
    const rows = await server.app.db.selectFrom('ticket_followers').select('user_id').where('ticket_id', '=', open.id).execute()
    expect(rows).toHaveLength(1)
    await screenshot(page, 'public-03-followed')
  })

  it('4. opens 数据公开, switches street and period, and the numbers change', async () => {
    await page.getByText('数据公开 ›').click()
    const received = page.locator('[data-figure="received"] .ps-figure-value')
    await page.getByText('按时办结率').first().waitFor()
    const waitFor = async (text: string) => {
      for (let i = 0; i < 50; i++) {
        if ((await received.textContent()) === text) return
        await page.waitForTimeout(100)
      }
      throw new Error(`received stayed ${await received.textContent()}, expected ${text}`)
    }
    await waitFor('3') // district, 30 days: the two nearby + the one 20 days ago
    await screenshot(page, 'public-04-district-30')
    await page.locator(`[data-street="${open.address.street}"]`).click()
    await page.locator('.ps-caption').getByText(open.address.street).waitFor()
    await waitFor('2')
    await expect(page.locator('[data-figure="medianResolveHours"] .ps-figure-value').textContent()).resolves.toBe('1.5 小时')
    await screenshot(page, 'public-05-street-30')
    await page.locator('.ps-period', { hasText: '近 7 天' }).click()
    await waitFor('1')
    await expect(page.locator('[data-figure="medianResolveHours"] .ps-figure-value').textContent()).resolves.toBe('—')
    await screenshot(page, 'public-06-street-7')
    expect(pageProblems(page)).toEqual([])
  })
})
