/**
 * The staff box of photo privacy (#20) in the operator console, in Chromium: the detector missed
 * something in a resident's photo (a stand-in detector that finds nothing); a dispatcher opens the
 * ticket, presses 打码 on the photo, drags a box over the missed "plate" with the mouse, corrects it
 * in the number fields with the keyboard, and sends it. The console then shows the protected copy,
 * and its bytes are blurred inside the box and untouched outside it.
 * Screenshots: tests/e2e/screenshots/console-redaction-*.png.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import sharp from 'sharp'
import type { Browser, Page } from 'playwright-core'
import type { TicketDetail } from '@contract/tickets'
import { buildTestApp, login } from '../helpers/app'
import { launchBrowser, openDesktopPage, pageProblems, screenshot } from '../helpers/browser'
import { uploadPhoto } from '../helpers/photos'
import { findsNothing } from '../helpers/privacy'
import { CONSOLE_DIR, H5_DIR } from '../helpers/server'
import { fileTicketOk, validReport } from '../helpers/tickets'

jest.setTimeout(120_000)

const DISPATCHER = { name: 'dispatcher', password: 'yunbaoshi-dispatcher' }

/** A 800×600 grey photo with a sharp checkerboard at 500,350 (120 px): the "plate" the detector missed. */
async function photoWithPlate(): Promise<Buffer> {
  let cells = ''
  for (let y = 0; y < 120; y += 10) for (let x = 0; x < 120; x += 10) if ((x + y) % 20 === 0) cells += `<rect x="${x}" y="${y}" width="10" height="10" fill="#000"/>`
  const checker = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120"><rect width="120" height="120" fill="#fff"/>${cells}</svg>`)
  return sharp({ create: { width: 800, height: 600, channels: 3, background: '#808080' } })
    .composite([
      { input: checker, left: 500, top: 350 },
      { input: checker, left: 100, top: 100 },
    ])
    .jpeg({ quality: 92 })
    .toBuffer()
}

/** Standard deviation of the pixels in a square: the sharp checkerboard ≈ 120, blurred ≈ 0. */
async function detailIn(image: Buffer, left: number, top: number, size: number): Promise<number> {
  const square = await sharp(image).extract({ left, top, width: size, height: size }).greyscale().png().toBuffer()
  return (await sharp(square).stats()).channels[0].stdev
}

describe('console: a staff box over a missed plate', () => {
  let ctx: Awaited<ReturnType<typeof buildTestApp>>
  let url: string
  let browser: Browser
  let page: Page
  let ticket: TicketDetail

  beforeAll(async () => {
    if (!fs.existsSync(path.join(CONSOLE_DIR, 'index.html'))) throw new Error('the console build is missing: npm run build:console first (CONSOLE_DIST=…)')
    ctx = await buildTestApp({ h5Dir: H5_DIR, consoleDir: CONSOLE_DIR }, { privacy: { detector: findsNothing() } })
    await ctx.app.listen({ host: '127.0.0.1', port: 0 })
    url = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`
    const resident = (await login(ctx.app, 'e2e-redaction-resident')).token
    const photoId = await uploadPhoto(ctx.app, resident, await photoWithPlate())
    await ctx.app.privacy.drain()
    ticket = await fileTicketOk(ctx.app, resident, validReport({ description: '路边停着一辆车挡住了人行道', photoIds: [photoId] }))
    browser = await launchBrowser()
    page = await openDesktopPage(browser)
  })
  afterAll(async () => {
    await browser?.close()
    await ctx?.cleanup()
  })
  afterEach(() => expect(pageProblems(page)).toEqual([]))

  it('drags a box on the photo, corrects it by keyboard, and then shows the photo blurred there', async () => {
    await page.goto(`${url}/console/`)
    await page.getByLabel('账号').fill(DISPATCHER.name)
    await page.getByLabel('密码').fill(DISPATCHER.password)
    await page.getByRole('button', { name: '登录' }).click()
    await page.locator(`table.queue tbody tr[data-ticket-id="${ticket.id}"]`).click()
    const drawer = page.getByRole('dialog', { name: `工单 ${ticket.number}` })
    await drawer.waitFor()
    await drawer.getByRole('button', { name: '打码' }).click()
    const editor = drawer.getByRole('region', { name: '处置前照片 1：手动打码' })
    const image = editor.getByRole('img', { name: '处置前照片 1（原图）' })
    await image.waitFor()
    await page.waitForFunction(() => {
      const img = document.querySelector('.redaction__frame img') as HTMLImageElement | null
      return !!img && img.complete && img.naturalWidth > 0
    })
    const send = editor.getByRole('button', { name: '对框内打码' })
    expect(await send.isDisabled()).toBe(true) // no box yet

    // Drag from about (490, 340) to (630, 480) in photo pixels, on the image shown scaled down.
    const frame = (await editor.getByTestId('redaction-frame').boundingBox())!
    const at = (x: number, y: number) => [frame.x + (x / 800) * frame.width, frame.y + (y / 600) * frame.height] as const
    await page.mouse.move(...at(490, 340))
    await page.mouse.down()
    await page.mouse.move(...at(560, 400), { steps: 4 })
    await page.mouse.move(...at(630, 480), { steps: 4 })
    await page.mouse.up()
    const value = async (name: string) => Number(await editor.getByLabel(name).inputValue())
    expect(Math.abs((await value('x（左）')) - 490)).toBeLessThanOrEqual(3)
    expect(Math.abs((await value('y（上）')) - 340)).toBeLessThanOrEqual(3)
    expect(Math.abs((await value('宽')) - 140)).toBeLessThanOrEqual(3)
    expect(Math.abs((await value('高')) - 140)).toBeLessThanOrEqual(3)
    await screenshot(page, 'console-redaction-1-box-drawn')

    // The keyboard way: exact numbers in the fields (the drawn box follows).
    for (const [name, typed] of [
      ['x（左）', '495'],
      ['y（上）', '345'],
      ['宽', '130'],
      ['高', '130'],
    ]) {
      const input = editor.getByLabel(name)
      await input.focus()
      await page.keyboard.press('Control+A')
      await page.keyboard.type(typed)
    }
    await send.focus()
    await page.keyboard.press('Enter')
    await editor.getByRole('status').filter({ hasText: '已打码：公开照片已更新（共 1 个手动框）' }).waitFor()
    const blurred = editor.getByRole('img', { name: '处置前照片 1（打码后）' })
    await blurred.waitFor()
    await page.waitForFunction(() => {
      const img = document.querySelector('.redaction__frame img') as HTMLImageElement | null
      return !!img && img.complete && img.naturalWidth > 0 && img.alt.includes('打码后')
    })
    await screenshot(page, 'console-redaction-2-blurred')

    // What the console shows now is the public copy: blurred in the box, sharp elsewhere.
    const src = (await blurred.getAttribute('src'))!
    const bytes = await page.evaluate(async (u) => {
      const res = await fetch(u)
      const data = new Uint8Array(await res.arrayBuffer())
      let binary = ''
      for (const byte of data) binary += String.fromCharCode(byte)
      return btoa(binary)
    }, new URL(src, url).href)
    const shown = Buffer.from(bytes, 'base64')
    expect(await detailIn(shown, 520, 370, 80)).toBeLessThan(10)
    expect(await detailIn(shown, 110, 110, 100)).toBeGreaterThan(80)
    const row = await ctx.app.db.selectFrom('uploads').select('privacy_manual').executeTakeFirstOrThrow()
    expect(JSON.parse(row.privacy_manual!)).toEqual([expect.objectContaining({ kind: 'manual', x1: 495, y1: 345, x2: 625, y2: 475 })])
  })
})
