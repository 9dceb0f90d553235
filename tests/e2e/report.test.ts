/**
 * A resident reports a problem in the H5 build served by the real backend: a real JPEG through
 * the browser's file chooser (compressed on the device), the position from the browser's
 * geolocation (WGS-84, converted to GCJ-02), the success page, and the ticket with its photo in
 * the database. Then the offline run: the API is unreachable during submit, the report waits in
 * the outbox, and when the network is back it is filed exactly once.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import gcoord from 'gcoord'
import sharp from 'sharp'
import type { Browser, Page } from 'playwright-core'
import { addPhotoH5, launchBrowser, openPhonePage, pageProblems, screenshot } from '../helpers/browser'
import { H5_DIR, startTestServer } from '../helpers/server'
import { countRows, JINGTAI } from '../helpers/tickets'

jest.setTimeout(120_000)

/** A photo like a phone's: 3000×2000 of noise, several MB as a JPEG, so compression has work to do. */
async function phonePhoto(file: string) {
  const width = 3000
  const height = 2000
  const pixels = Buffer.alloc(width * height * 3)
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7919 + ((i / 3000) | 0) * 31) % 251
  await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toFile(file)
}

/** Screenshots after the H5 router's page slide has finished. */
async function snap(page: Page, name: string) {
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'))
  await page.waitForTimeout(300)
  await screenshot(page, name)
}

describe('reporting a problem in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>
  let browser: Browser
  let page: Page
  let photoFile: string
  const uploadSizes: number[] = []

  beforeAll(async () => {
    if (!fs.existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('the H5 build is missing: build it first (H5_DIST)')
    photoFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-report-')), 'photo.jpg')
    await phonePhoto(photoFile)
    server = await startTestServer()
    browser = await launchBrowser()
    // The browser reports WGS-84; 景泰街 is given in GCJ-02.
    const [longitude, latitude] = gcoord.transform([JINGTAI.lng, JINGTAI.lat], gcoord.GCJ02, gcoord.WGS84) as [number, number]
    page = await openPhonePage(browser, { geolocation: { latitude, longitude }, permissions: ['geolocation'] })
    page.on('request', (request) => {
      if (request.url().endsWith('/api/uploads')) uploadSizes.push(request.postDataBuffer()?.length ?? 0)
    })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.cleanup()
    if (photoFile) fs.rmSync(path.dirname(photoFile), { recursive: true, force: true })
  })

  const tickets = () => countRows(server.app, 'tickets')

  it('reports with a photo and the current position, and sees the ticket number', async () => {
    await page.goto(server.url)
    await page.getByText('暴露垃圾').first().waitFor()
    await snap(page, 'report-01-categories')

    await page.getByRole('button', { name: '暴露垃圾，2小时内处置' }).click()
    await page.getByText('景泰街 · ').first().waitFor({ timeout: 15_000 })
    await snap(page, 'report-02-form-located')
    await page.getByText('景泰街 · ').first().scrollIntoViewIfNeeded()
    await snap(page, 'report-02b-location-address')
    await page.evaluate(() => window.scrollTo(0, 0))

    await addPhotoH5(page, photoFile)

    await page.locator('textarea').fill('路口有一堆建筑垃圾，挡住了人行道')
    await page.getByRole('button', { name: '添加常用描述：有异味，影响通行' }).click()
    await expect(page.locator('textarea').inputValue()).resolves.toBe('路口有一堆建筑垃圾，挡住了人行道，有异味，影响通行')
    await snap(page, 'report-03-form-filled')
    await page.screenshot({ path: path.join(__dirname, 'screenshots', 'report-03b-form-full.png'), fullPage: true })

    await page.getByRole('button', { name: '提交上报', exact: true }).click()
    await page.locator('.success-card__title', { hasText: '上报成功' }).waitFor({ timeout: 15_000 })
    const number = await page.locator('.success-card__number').innerText()
    expect(number).toMatch(/^BY\d{8}-\d{4}$/)
    await page.getByText('处置时限').waitFor()
    await snap(page, 'report-04-success')

    // In the backend: one ticket, at 景泰街, with the photo; the photo left the phone compressed.
    const ticket = await server.app.db.selectFrom('tickets').selectAll().where('number', '=', number).executeTakeFirstOrThrow()
    expect(ticket).toMatchObject({ category_id: 'exposed_garbage', street: '景泰街', description: '路口有一堆建筑垃圾，挡住了人行道，有异味，影响通行' })
    const photos = await server.app.db.selectFrom('uploads').selectAll().where('ticket_id', '=', ticket.id).execute()
    expect(photos).toHaveLength(1)
    expect(fs.statSync(photoFile).size).toBeGreaterThan(1024 * 1024)
    expect(uploadSizes).toHaveLength(1)
    expect(uploadSizes[0]).toBeLessThanOrEqual(300 * 1024 + 1024) // the JPEG plus multipart headers
    expect(await tickets()).toBe(1)
  })

  it('shows the open ticket nearby under 附近已有相同问题 before a second report of it', async () => {
    await page.goto(`${server.url}/#/packages/report/form/index?categoryId=exposed_garbage`)
    const duplicates = page.getByRole('region', { name: '附近已有相同问题' })
    await duplicates.waitFor({ timeout: 15_000 })
    await duplicates.getByRole('button', { name: /^我也遇到/ }).first().waitFor()
    await duplicates.scrollIntoViewIfNeeded()
    await snap(page, 'report-05-duplicates')
  })

  it('offline: the report waits in the outbox, then is filed exactly once when the network is back', async () => {
    await page.goto(`${server.url}/#/packages/report/form/index?categoryId=garbage_overflow`)
    await page.getByText('景泰街 · ').first().waitFor({ timeout: 15_000 })
    await page.locator('textarea').fill('垃圾桶满了，两天没人清运')
    const before = await tickets()

    // The backend becomes unreachable for the app.
    const unreachable = (route: { abort: (code: string) => Promise<void> }) => route.abort('internetdisconnected')
    await page.route('**/api/**', unreachable)
    await page.getByRole('button', { name: '提交上报', exact: true }).click()

    await page.getByText('网络不佳，上报已保存').waitFor({ timeout: 20_000 })
    await page.getByText('等待发送').waitFor()
    await page.getByText(/原因：网络连接失败/).waitFor()
    await snap(page, 'report-06-outbox-waiting')
    expect(await tickets()).toBe(before)

    // The resident closes and reopens the app, still without a connection: the report is still there.
    await page.goto(`${server.url}/#/pages/report/index`)
    await page.reload()
    const outboxCard = page.getByRole('button', { name: '待发送的上报，1条' })
    await outboxCard.waitFor({ timeout: 15_000 })
    await snap(page, 'report-07-tab-outbox-count')
    await outboxCard.click()
    await page.getByText('等待发送').waitFor()
    expect(await tickets()).toBe(before)

    // The connection comes back: the browser says so ('online'), the outbox sends by itself.
    await page.unroute('**/api/**', unreachable)
    await page.context().setOffline(true)
    await page.context().setOffline(false)
    await page.getByText('没有待发送的上报').waitFor({ timeout: 20_000 })
    await page.getByText('已发送1条上报').waitFor()
    await snap(page, 'report-08-outbox-sent')
    expect(await tickets()).toBe(before + 1)

    // Showing the app again sends nothing twice.
    await page.reload()
    await page.getByText('没有待发送的上报').waitFor()
    expect(await tickets()).toBe(before + 1)
    const filed = await server.app.db.selectFrom('tickets').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(filed).toMatchObject({ category_id: 'garbage_overflow', description: '垃圾桶满了，两天没人清运' })
  })

  it('raised no errors in the browser besides the requests cut off on purpose', () => {
    const problems = pageProblems(page).filter((problem) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(problem))
    expect(problems).toEqual([])
  })
})
