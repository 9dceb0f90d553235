/**
 * 语音输入 and screen-reader announcements in the H5 build (#16). The browser's speech recogniser
 * is replaced (page.addInitScript) by one that "hears" a sentence; without one the button is not
 * there. The live region (aria-live) says what happened after a photo upload and after submit.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import gcoord from 'gcoord'
import sharp from 'sharp'
import type { Browser, Page } from 'playwright-core'
import { addPhotoH5, launchBrowser, openPhonePage } from '../helpers/browser'
import { H5_DIR, startTestServer } from '../helpers/server'
import { JINGTAI } from '../helpers/tickets'

jest.setTimeout(120_000)

/** A SpeechRecognition that hears 井盖松动了 a moment after start(). */
function fakeSpeechRecognition() {
  class FakeRecognition {
    lang = ''
    continuous = false
    interimResults = false
    maxAlternatives = 1
    onresult: ((event: unknown) => void) | null = null
    onerror: ((event: unknown) => void) | null = null
    onend: (() => void) | null = null
    start() {
      ;(window as unknown as { heardLang: string }).heardLang = this.lang
      setTimeout(() => {
        this.onresult?.({ resultIndex: 0, results: { length: 1, 0: { isFinal: true, 0: { transcript: '井盖松动了' } } } })
        this.onend?.()
      }, 200)
    }
    stop() {
      this.onend?.()
    }
  }
  Object.assign(window, { SpeechRecognition: FakeRecognition, webkitSpeechRecognition: FakeRecognition })
}

function noSpeechRecognition() {
  delete (window as { webkitSpeechRecognition?: unknown }).webkitSpeechRecognition
  delete (window as { SpeechRecognition?: unknown }).SpeechRecognition
}

const politeRegion = (page: Page) => page.locator('.live-region [aria-live="polite"]')

describe('voice input and announcements (H5)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>
  let browser: Browser
  let photoFile: string
  const [longitude, latitude] = gcoord.transform([JINGTAI.lng, JINGTAI.lat], gcoord.GCJ02, gcoord.WGS84) as [number, number]
  const open = (init: () => void) =>
    openPhonePage(browser, { geolocation: { latitude, longitude }, permissions: ['geolocation'] }).then(async (page) => {
      await page.addInitScript(init)
      return page
    })

  beforeAll(async () => {
    if (!fs.existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('the H5 build is missing: build it first (H5_DIST)')
    photoFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-voice-')), 'photo.jpg')
    await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 120, g: 140, b: 90 } } }).jpeg().toFile(photoFile)
    server = await startTestServer()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.cleanup()
    if (photoFile) fs.rmSync(path.dirname(photoFile), { recursive: true, force: true })
  })

  it('without a speech recogniser there is no voice button, and the form is typed as before', async () => {
    const page = await open(noSpeechRecognition)
    await page.goto(`${server.url}/#/packages/report/form/index?categoryId=missing_manhole_cover`)
    await page.locator('textarea').waitFor({ timeout: 15_000 })
    await page.locator('textarea').fill('井盖不见了')
    expect(await page.getByRole('button', { name: /语音输入/ }).count()).toBe(0)
    await page.context().close()
  })

  it('announces the upload, appends what was said, and announces the filed ticket', async () => {
    const page = await open(fakeSpeechRecognition)
    await page.goto(`${server.url}/#/packages/report/form/index?categoryId=exposed_garbage`)
    await page.getByText('景泰街 · ').first().waitFor({ timeout: 15_000 })

    await addPhotoH5(page, photoFile)
    await expect(politeRegion(page).innerText()).resolves.toBe('照片已上传，共1张')

    await page.locator('textarea').fill('路边有垃圾')
    await page.getByRole('button', { name: '语音输入，说出问题描述' }).click()
    await page.waitForFunction(() => document.querySelector('textarea')?.value === '路边有垃圾，井盖松动了')
    expect(await page.evaluate(() => (window as unknown as { heardLang: string }).heardLang)).toBe('zh-CN')
    await expect(politeRegion(page).innerText()).resolves.toBe('已添加：井盖松动了')

    await page.getByRole('button', { name: '提交上报', exact: true }).click()
    await page.locator('.success-card__title', { hasText: '上报成功' }).waitFor({ timeout: 15_000 })
    await page.waitForFunction(() => /^上报成功，工单编号BY\d{8}-\d{4}/.test(document.querySelector('.live-region [aria-live="polite"]')?.textContent ?? ''))
    await page.context().close()
  })
})
