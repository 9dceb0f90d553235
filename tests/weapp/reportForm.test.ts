/**
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 *
 * The compiled report subpackage (dist/packages/report) against the real backend: the form opens
 * for a category with the resident's position (wx.getLocation, gcj02) and the street the backend
 * resolves, a photo goes up through wx.uploadFile, 提交上报 files the ticket with its photo; with
 * the network down the report waits in the outbox and is sent once when the network comes back.
 * Needs a weapp build (WEAPP_DIST).
 */
import './nodeGlobals' // before the backend: it needs Node globals jsdom lacks
import { buildTestApp } from '../helpers/app'
import { jpeg } from '../helpers/photos'
import { countRows } from '../helpers/tickets'
import { installReportStandIns, type ReportStandIns } from './report-harness'
import { forwardRequestsTo, openPage, tapText, waitUntil } from './simulate'

jest.setTimeout(30_000)

let backend: Awaited<ReturnType<typeof buildTestApp>>
let standIns: ReportStandIns
let requests: ReturnType<typeof forwardRequestsTo>
const opened: { detach(): void }[] = []

beforeAll(async () => {
  backend = await buildTestApp()
  requests = forwardRequestsTo(backend.app)
  // 景泰街 in GCJ-02, as wx.getLocation({ type: 'gcj02' }) would answer.
  standIns = installReportStandIns(backend.app, { location: { latitude: 23.17, longitude: 113.275 }, photo: await jpeg(1200, 900) })
})
afterEach(() => {
  opened.splice(0).forEach((page) => page.detach())
})
afterAll(async () => {
  await backend.cleanup()
})

function open(route: string, query: Record<string, string> = {}) {
  const page = openPage(route, query)
  opened.push(page)
  return page
}
/** waitUntil for checks that need to await (database reads). */
async function eventually(check: () => Promise<void>, timeoutMs = 5000) {
  const started = Date.now()
  for (;;) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}
const textOf = (page: { dom: unknown }) => (page.dom as Element).textContent ?? ''

it('files a report: category from the link, position, photo upload, then the success page', async () => {
  const page = open('packages/report/form/index', { categoryId: 'exposed_garbage' })

  await waitUntil(() => expect(textOf(page)).toContain('暴露垃圾'))
  await waitUntil(() => expect(textOf(page)).toContain('景泰街'))
  expect(standIns.calls.getLocation[0]).toMatchObject({ type: 'gcj02' })

  tapText(page, '添加照片')
  await waitUntil(() => expect(standIns.calls.uploadFile).toHaveLength(1))
  expect(standIns.calls.chooseMedia[0]).toMatchObject({ mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] })
  // The photo is kept under the user data folder (temp files may vanish before a retry), and that copy goes up.
  const savedPath = standIns.calls.saveFile[0].filePath as string
  expect(savedPath).toMatch(/^wxfile:\/\/usr\/photo-.+\.jpg$/)
  expect(standIns.calls.uploadFile[0]).toMatchObject({ name: 'file', filePath: savedPath, url: 'http://127.0.0.1:3000/api/uploads' })
  await eventually(async () => expect(await countRows(backend.app, 'uploads')).toBe(1))
  await waitUntil(() => expect(textOf(page)).not.toMatch(/上传中|等待上传|上传失败/))

  tapText(page, '路边有成堆垃圾') // a quick phrase of the category
  tapText(page, '提交上报')

  await waitUntil(() => expect(standIns.calls.redirectTo).toHaveLength(1))
  const ticket = await backend.app.db.selectFrom('tickets').selectAll().executeTakeFirstOrThrow()
  expect(ticket).toMatchObject({ category_id: 'exposed_garbage', description: '路边有成堆垃圾', street: '景泰街' })
  expect(ticket.idempotency_key).toMatch(/^rpt-/)
  const photo = await backend.app.db.selectFrom('uploads').select('ticket_id').executeTakeFirstOrThrow()
  expect(photo.ticket_id).toBe(ticket.id)
  expect(requests.sent).toContain('POST /api/tickets')
  expect(standIns.calls.redirectTo[0].url).toMatch(new RegExp(`^/packages/report/success/index\\?id=${ticket.id}&number=${ticket.number}&dueAt=`))
  // The draft is gone (the next report starts empty, with a new key), and so is the device copy of the photo.
  expect(standIns.storage.get('ybs.report.draft')).toBeUndefined()
  expect(standIns.files.has(savedPath)).toBe(false)

  const success = open('packages/report/success/index', { id: String(ticket.id), number: ticket.number, dueAt: encodeURIComponent(ticket.due_at) })
  await waitUntil(() => expect(textOf(success)).toContain(ticket.number))
  expect(textOf(success)).toContain('上报成功')
  expect(textOf(success)).toContain('处置时限')
})

it('offline: the report waits in the outbox and is sent exactly once when the network is back', async () => {
  const before = await countRows(backend.app, 'tickets')
  const page = open('packages/report/form/index', { categoryId: 'garbage_overflow', lat: '23.17', lng: '113.275' })
  await waitUntil(() => expect(textOf(page)).toContain('垃圾满溢'))
  await waitUntil(() => expect(textOf(page)).toContain('景泰街'))
  tapText(page, '垃圾桶已满溢出')
  const key = (standIns.storage.get('ybs.report.draft') as { key: string } | undefined)?.key

  requests.failNext(50) // the network is gone
  tapText(page, '提交上报')
  await waitUntil(() => expect(standIns.calls.redirectTo.at(-1)?.url).toMatch(/^\/packages\/report\/outbox\/index\?queued=1/))

  const outbox = open('packages/report/outbox/index', { queued: '1' })
  await waitUntil(() => expect(textOf(outbox)).toContain('等待发送'))
  expect(textOf(outbox)).toContain('网络连接失败，请检查网络后重试')
  expect(textOf(outbox)).toContain('网络不佳，上报已保存')
  expect(await countRows(backend.app, 'tickets')).toBe(before)

  requests.failNext(0)
  standIns.networkBack()
  standIns.networkBack() // WeChat may say it twice

  await waitUntil(() => expect(textOf(outbox)).toContain('没有待发送的上报'))
  await waitUntil(() => expect(textOf(outbox)).toContain('已发送1条上报'))
  expect(await countRows(backend.app, 'tickets')).toBe(before + 1)
  const sent = await backend.app.db.selectFrom('tickets').select(['idempotency_key', 'category_id']).orderBy('id', 'desc').executeTakeFirstOrThrow()
  expect(sent).toEqual({ idempotency_key: key, category_id: 'garbage_overflow' })
})
