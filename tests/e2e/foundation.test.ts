/**
 * A resident opens the H5 app served by the real backend, sees the categories from the database
 * and walks through the three tabs.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPhonePage, pageProblems, screenshot } from '../helpers/browser'
import { H5_DIR, startTestServer } from '../helpers/server'

jest.setTimeout(60_000)

describe('H5 app against the real backend', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    if (!fs.existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('dist-h5 is missing: run `npm run build:h5` first')
    server = await startTestServer()
    browser = await launchBrowser()
    page = await openPhonePage(browser)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.cleanup()
  })

  it('opens on the 上报 tab and lists the categories from the backend, grouped', async () => {
    await page.goto(server.url)
    await page.getByText('暴露垃圾').first().waitFor()
    await page.getByText('环境卫生').first().waitFor()
    await page.getByText('井盖缺失').first().waitFor()
    await screenshot(page, 'foundation-01-report')
  })

  it('shows what the backend changed, not a baked-in list', async () => {
    await server.app.db.updateTable('categories').set({ name: '暴露垃圾E2E' }).where('id', '=', 'exposed_garbage').execute()
    await page.reload()
    await page.getByText('暴露垃圾E2E').first().waitFor()
  })

  it('switches to 附近设施 and 我的工单 through the tab bar', async () => {
    await page.locator('.weui-tabbar__label', { hasText: '附近设施' }).click()
    // No location permission in this browser: facilities are measured from the district centre.
    await page.locator('.facility-card').first().waitFor()
    await screenshot(page, 'foundation-02-facilities')

    await page.locator('.weui-tabbar__label', { hasText: '我的工单' }).click()
    await page.getByText('还没有上报记录').first().waitFor()
    await screenshot(page, 'foundation-03-tickets')

    await page.locator('.weui-tabbar__label', { hasText: '上报' }).click()
    await page.getByText('暴露垃圾E2E').first().waitFor()
  })

  it('raised no errors in the browser', () => {
    expect(pageProblems(page)).toEqual([])
  })
})
