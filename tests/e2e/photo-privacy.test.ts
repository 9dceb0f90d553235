/**
 * Photo privacy (#20) in Chromium against the real backend and the real models: a resident
 * reports with a photo of nineteen people; a neighbour who follows the ticket opens it and sees
 * the faces blurred, the reporter opens it and sees them sharp. The bytes each browser loaded
 * are checked against the stored copies and by the pixels inside the labelled faces. While the
 * models run, /api/health keeps answering quickly (detection is off the event loop).
 * Screenshots: tests/e2e/screenshots/privacy-*.png.
 */
import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import type { Browser, Page } from 'playwright-core'
import type { TicketDetail } from '@contract/tickets'
import { injectAs, login } from '../helpers/app'
import { launchBrowser, openPhonePage, pageProblems, screenshot } from '../helpers/browser'
import { uploadPhoto } from '../helpers/photos'
import { H5_DIR, startTestServer } from '../helpers/server'
import { fileTicketOk, validReport } from '../helpers/tickets'

jest.setTimeout(120_000)

const FIXTURES = path.resolve(__dirname, '../fixtures/privacy')
const SAMPLE = 'faces-10.jpg' // 1024×715: stored as it is
const faces: Array<{ kind: string; box: [number, number, number, number] }> = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'labels.json'), 'utf8')).images[SAMPLE]

/** Mean standard deviation of the pixels inside the labelled faces: sharp faces ≈ 40+, blurred ≈ a few. */
async function faceDetail(image: Buffer): Promise<number> {
  const values: number[] = []
  for (const { box } of faces) {
    const [x, y, w, h] = box
    const square = await sharp(image).extract({ left: x + Math.round(w / 4), top: y + Math.round(h / 4), width: Math.round(w / 2), height: Math.round(h / 2) }).greyscale().png().toBuffer()
    values.push((await sharp(square).stats()).channels[0].stdev)
  }
  return values.reduce((a, b) => a + b, 0) / values.length
}

describe('photo privacy in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>
  let browser: Browser
  let ticket: TicketDetail
  let photoId: string
  const healthMs: number[] = []

  async function pageAs(name: string): Promise<Page> {
    const page = await openPhonePage(browser)
    await page.context().addInitScript((code) => {
      window.localStorage.setItem('ybs.devCode', JSON.stringify({ data: code }))
    }, `dev:${name}`)
    return page
  }

  /** Opens the ticket, waits for its photo, and returns the bytes the browser got for it. */
  async function photoSeenBy(page: Page, shot: string) {
    await page.goto(`${server.url}/#/packages/ticket/detail/index?id=${ticket.id}`)
    const strip = page.getByRole('button', { name: '现场照片1，点击查看大图' })
    await strip.waitFor()
    await page.waitForFunction(() => {
      const image = document.querySelector('.photo-strip img') as HTMLImageElement | null
      return !!image && image.complete && image.naturalWidth > 0
    })
    await screenshot(page, shot)
    const urls = await page.evaluate(() => {
      const image = document.querySelector('.photo-strip img') as HTMLImageElement
      const host = image.closest('[data-photo-url]')
      return { thumb: image.src, full: host?.getAttribute('data-photo-url') ?? '' }
    })
    const fetchInPage = (url: string) =>
      page.evaluate(async (u) => {
        const res = await fetch(u)
        const bytes = new Uint8Array(await res.arrayBuffer())
        let binary = ''
        for (const byte of bytes) binary += String.fromCharCode(byte)
        return { status: res.status, cacheControl: res.headers.get('cache-control'), base64: btoa(binary) }
      }, new URL(url, server.url).href)
    const full = await fetchInPage(urls.full)
    const thumb = await fetchInPage(urls.thumb)
    return { urls, full: { ...full, bytes: Buffer.from(full.base64, 'base64') }, thumb: { ...thumb, bytes: Buffer.from(thumb.base64, 'base64') } }
  }

  beforeAll(async () => {
    if (!fs.existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('the H5 build is missing: build it first (H5_DIST=…)')
    server = await startTestServer()
    const reporter = (await login(server.app, 'e2e-privacy-reporter')).token
    const follower = (await login(server.app, 'e2e-privacy-follower')).token
    await server.app.privacy.detector.detect(await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } }).jpeg().toBuffer()) // models loaded before timing
    photoId = await uploadPhoto(server.app, reporter, fs.readFileSync(path.join(FIXTURES, SAMPLE)))
    // The upload has answered; detection runs now. Ask the server's health over its socket meanwhile.
    const done = server.app.privacy.drain()
    let finished = false
    void done.then(() => (finished = true))
    while (!finished) {
      const started = performance.now()
      const res = await fetch(`${server.url}/api/health`)
      expect(res.status).toBe(200)
      healthMs.push(performance.now() - started)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    ticket = await fileTicketOk(server.app, reporter, validReport({ description: '小区门口有人乱扔垃圾', photoIds: [photoId] }))
    const followed = await injectAs(server.app, follower, { method: 'POST', url: `/api/tickets/${ticket.id}/follow` })
    expect(followed.statusCode).toBe(200)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.cleanup()
  })

  it('keeps the server answering while the models run', () => {
    expect(healthMs.length).toBeGreaterThan(3)
    expect(Math.max(...healthMs)).toBeLessThan(500)
  })

  it('shows the follower the photo with every face blurred', async () => {
    const page = await pageAs('e2e-privacy-follower')
    const seen = await photoSeenBy(page, 'privacy-01-follower-blurred')
    expect(seen.urls.full).toMatch(new RegExp(`/media/${photoId}\\.jpg\\?v=1$`))
    expect(seen.full.status).toBe(200)
    expect(seen.full.bytes.equals(fs.readFileSync(server.app.storage.protectedFilesOf(photoId).image))).toBe(true)
    expect(seen.thumb.bytes.equals(fs.readFileSync(server.app.storage.protectedFilesOf(photoId).thumb))).toBe(true)
    expect(await faceDetail(seen.full.bytes)).toBeLessThan(8)
    expect(pageProblems(page)).toEqual([])
    await page.context().close()
  })

  it('shows the reporter the original, sharp, never cacheable by others', async () => {
    const page = await pageAs('e2e-privacy-reporter')
    const seen = await photoSeenBy(page, 'privacy-02-reporter-original')
    expect(seen.urls.full).toContain(`/media/original/${photoId}.jpg?grant=`)
    expect(seen.full.status).toBe(200)
    expect(seen.full.cacheControl).toBe('private, no-store')
    expect(seen.full.bytes.equals(fs.readFileSync(server.app.storage.filesOf(photoId).image))).toBe(true)
    expect(seen.thumb.bytes.equals(fs.readFileSync(server.app.storage.filesOf(photoId).thumb))).toBe(true)
    expect(await faceDetail(seen.full.bytes)).toBeGreaterThan(20)
    expect(pageProblems(page)).toEqual([])
    await page.context().close()
  })
})
