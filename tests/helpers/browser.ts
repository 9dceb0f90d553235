/**
 * Debian's Chromium driven by playwright-core, sized like a phone. Playwright's own browser
 * download does not work here (no internet), hence executablePath.
 */
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
export const SCREENSHOT_DIR = path.resolve(__dirname, '../e2e/screenshots')

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** A phone-sized page (iPhone-like 375×812, touch, zh-CN). */
export async function openPhonePage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...options,
  })
  const page = await context.newPage()
  // A console error or an uncaught exception in the app is a test failure, not noise.
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`)
  })
  ;(page as Page & { problems: string[] }).problems = problems
  return page
}

/**
 * Adds a photo on the H5 report form the way a resident does: the add-photo tile opens the file
 * chooser (on a phone user agent Taro asks camera-or-album first: 从相册选择), then waits until the
 * tile of that photo (the `index`-th, 1-based) says it is uploaded.
 */
export async function addPhotoH5(page: Page, file: string, { index = 1, timeout = 20_000 }: { index?: number; timeout?: number } = {}): Promise<void> {
  const chooser = page.waitForEvent('filechooser', { timeout })
  await page.getByRole('button', { name: '添加照片，拍照或从相册选择' }).click()
  const sheet = page.getByText('从相册选择')
  if (await sheet.isVisible().catch(() => false)) await sheet.click()
  await (await chooser).setFiles(file)
  await page.getByLabel(new RegExp(`第${index}张照片，已上传`)).waitFor({ timeout })
}

/**
 * A desktop page for the console (1440×900, zh-CN, UTC). Its problems are collected like the phone
 * page's, except the browser's own "Failed to load resource" lines: the console's refused sign-in
 * and first /me answer 401 on purpose.
 */
export async function openDesktopPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'UTC', ...options })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`)
  })
  ;(page as Page & { problems: string[] }).problems = problems
  return page
}

export function pageProblems(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? []
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const file = path.join(SCREENSHOT_DIR, `${name}.png`)
  await page.screenshot({ path: file, fullPage: false })
  return file
}
