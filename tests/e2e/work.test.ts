/**
 * Worker mode, the whole loop in the H5 build with the simulator off (it is off in test servers):
 * a resident reports; the dispatcher makes a binding code and dispatches (through the API); on
 * their own phone the worker binds with the code under 我的工单 → 我是作业人员, sees the task in
 * 我的任务, starts it and resolves it with a camera photo and notes; the resident sees the
 * watermarked after-photo and rates it. Screenshots of each step (work-*.png).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import gcoord from 'gcoord'
import sharp from 'sharp'
import type { Browser, Page } from 'playwright-core'
import type { TicketDetail } from '@contract/tickets'
import type { BindingCodeResponse } from '@contract/work'
import { injectAs, login } from '../helpers/app'
import { launchBrowser, openPhonePage, pageProblems, screenshot } from '../helpers/browser'
import { jpeg, uploadPhoto } from '../helpers/photos'
import { H5_DIR, startTestServer } from '../helpers/server'
import { fileTicketOk, JINGTAI, validReport } from '../helpers/tickets'

jest.setTimeout(180_000)

async function snap(page: Page, name: string) {
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'))
  await page.waitForTimeout(300)
  await screenshot(page, name)
}

/** Mean brightness of the bottom `fraction` of an image, and of its top. */
async function bands(file: string, fraction: number) {
  const { data, info } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true })
  const rows = Math.round(info.height * fraction)
  const mean = (from: number, to: number) => {
    let sum = 0
    for (let i = from * info.width; i < to * info.width; i++) sum += data[i]
    return sum / ((to - from) * info.width)
  }
  return { top: mean(0, rows), bottom: mean(info.height - rows, info.height) }
}

describe('worker mode in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>
  let browser: Browser
  let workerPage: Page
  let residentPage: Page
  let photoFile: string
  let ticket: TicketDetail
  let resident: string
  const RESIDENT = 'e2e-work-resident'

  beforeAll(async () => {
    if (!fs.existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('the H5 build is missing: build it first (H5_DIST=…)')
    photoFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-work-')), 'after.jpg')
    // A bright, clean street: the watermark band shows as a dark strip.
    await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#d8e8d0' } }).jpeg().toFile(photoFile)
    server = await startTestServer()
    expect(server.config.sim).toBe(false)
    browser = await launchBrowser()
    // The worker's phone stands at the ticket (browsers report WGS-84).
    const [longitude, latitude] = gcoord.transform([JINGTAI.lng, JINGTAI.lat], gcoord.GCJ02, gcoord.WGS84) as [number, number]
    workerPage = await openPhonePage(browser, { geolocation: { latitude, longitude }, permissions: ['geolocation'] })
    residentPage = await openPhonePage(browser)
    await residentPage.context().addInitScript((code) => {
      window.localStorage.setItem('ybs.devCode', JSON.stringify({ data: code }))
    }, `dev:${RESIDENT}`)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.cleanup()
    if (photoFile) fs.rmSync(path.dirname(photoFile), { recursive: true, force: true })
  })

  it('1–2: a resident reports; the dispatcher makes a binding code and dispatches', async () => {
    resident = (await login(server.app, RESIDENT)).token
    const before = await uploadPhoto(server.app, resident, await jpeg(800, 600, '#7b5e3b'))
    ticket = await fileTicketOk(server.app, resident, validReport({ description: '人行道上有一堆装修垃圾', photoIds: [before] }))
    await residentPage.goto(`${server.url}/#/packages/ticket/detail/index?id=${ticket.id}`)
    await residentPage.getByText('人行道上有一堆装修垃圾').first().waitFor({ timeout: 20_000 })
    await snap(residentPage, 'work-01-resident-reported')

    const dispatcher = (await login(server.app, 'dispatcher')).token
    const worker = await server.app.db.selectFrom('users').select('id').where('openid', '=', 'dev:worker-9').executeTakeFirstOrThrow()
    const code = await injectAs(server.app, dispatcher, { method: 'POST', url: `/api/ops/workers/${worker.id}/binding-code` })
    expect(code.statusCode).toBe(201)
    ;(globalThis as { bindingCode?: string }).bindingCode = code.json<BindingCodeResponse>().code
    const dispatched = await injectAs(server.app, dispatcher, { method: 'POST', url: `/api/ops/tickets/${ticket.id}/dispatch`, payload: { workerId: worker.id } })
    expect(dispatched.json<TicketDetail>()).toMatchObject({ status: 'dispatched', assignee: { id: worker.id } })
  })

  it('3: the worker binds with the code, sees the task, starts it and resolves it with a camera photo', async () => {
    const page = workerPage
    await page.goto(`${server.url}/#/pages/tickets/index`)
    await page.getByText('我是作业人员').click()
    await page.getByRole('textbox', { name: '绑定码' }).or(page.locator('input').first()).fill((globalThis as { bindingCode?: string }).bindingCode!)
    await snap(page, 'work-02-bind')
    await page.getByRole('button', { name: '绑定', exact: true }).click()

    const card = page.locator('.task-card', { hasText: '暴露垃圾' })
    await card.waitFor({ timeout: 20_000 })
    await expect(card.textContent()).resolves.toMatch(/暴露垃圾新待处置.*剩余 .+\d+ 米/)
    await page.getByText('工号 BY0009').waitFor()
    await snap(page, 'work-03-tasks')

    await card.click()
    await page.getByText('人行道上有一堆装修垃圾').waitFor({ timeout: 15_000 })
    await page.getByText('处置时限').waitFor()
    await page.getByRole('button', { name: '导航' }).waitFor()
    await snap(page, 'work-04-task')

    await page.getByRole('button', { name: '开始处置' }).click()
    await page.getByText('处置中').first().waitFor({ timeout: 15_000 })
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: '拍摄整改照片' }).click()
    const fileChooser = await chooser
    // Camera only: the input asks for the rear camera.
    await expect(fileChooser.element().getAttribute('capture')).resolves.toBe('environment')
    await fileChooser.setFiles(photoFile)
    await page.getByLabel('整改照片1').first().waitFor({ timeout: 15_000 })
    await page.getByRole('button', { name: '已清理完毕' }).click()
    await page.getByRole('button', { name: '现场已恢复正常' }).click()
    await expect(page.locator('textarea').inputValue()).resolves.toBe('已清理完毕，现场已恢复正常')
    await page.getByRole('button', { name: '提交处置结果' }).scrollIntoViewIfNeeded()
    await snap(page, 'work-05-resolve-form')
    await page.getByRole('button', { name: '提交处置结果' }).click()
    await page.getByText('已完成').first().waitFor({ timeout: 30_000 })
    await snap(page, 'work-06-resolved')

    const stored = await server.app.db.selectFrom('tickets').select(['status', 'assignee_id']).where('id', '=', ticket.id).executeTakeFirstOrThrow()
    expect(stored.status).toBe('resolved')
    const captures = await server.app.db.selectFrom('after_photo_captures').selectAll().where('ticket_id', '=', ticket.id).execute()
    expect(captures).toHaveLength(1)
    expect(captures[0].distance_m).toBeLessThan(50) // taken on the spot: no warning
    expect(pageProblems(page)).toEqual([])
  })

  it('4: the resident sees the watermarked after-photo and rates it', async () => {
    await server.app.privacy.drain() // the protected copy others see (#20)
    const page = residentPage
    await page.goto(`${server.url}/#/packages/ticket/detail/index?id=${ticket.id}`)
    await page.reload()
    const proof = page.getByRole('region', { name: '处置前后对比' })
    await proof.waitFor({ timeout: 20_000 })
    await page.waitForFunction(() => {
      const images = [...document.querySelectorAll('.photo-compare img')] as HTMLImageElement[]
      return images.length === 2 && images.every((image) => image.complete && image.naturalWidth > 0)
    })
    await page.getByText('整改说明：已清理完毕，现场已恢复正常').waitFor()
    await snap(page, 'work-07-resident-proof')

    // What the resident is served is stamped: a dark band along the bottom of a bright photo.
    const detail = (await injectAs(server.app, resident, { method: 'GET', url: `/api/tickets/${ticket.id}` })).json<TicketDetail>()
    const served = await fetch(`${server.url}${detail.afterPhotos[0].url}`)
    expect(served.status).toBe(200)
    const file = path.join(path.dirname(photoFile), 'served.jpg')
    fs.writeFileSync(file, Buffer.from(await served.arrayBuffer()))
    const { top, bottom } = await bands(file, 0.12)
    expect(top).toBeGreaterThan(200)
    expect(bottom).toBeLessThan(top - 60)
    const big = proof.getByRole('button', { name: '处置后照片1，点击查看大图' })
    await big.click()
    await page.locator('.preview-image').waitFor()
    await page.waitForTimeout(500)
    await snap(page, 'work-08-watermark-preview')
    await page.locator('.preview-image').click()
    await page.locator('.preview-image').waitFor({ state: 'detached' })

    await page.getByRole('radio', { name: '非常满意' }).click()
    await page.locator('.action-button', { hasText: '提交评价' }).click()
    await page.getByRole('region', { name: '我的评价' }).waitFor({ timeout: 15_000 })
    await snap(page, 'work-09-rated')
    const rated = (await injectAs(server.app, resident, { method: 'GET', url: `/api/tickets/${ticket.id}` })).json<TicketDetail>()
    expect(rated).toMatchObject({ status: 'closed', rating: { score: 5 } })
  })
})
