/**
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 *
 * The compiled worker subpackage (dist/packages/work) against the real backend: 我的任务 lists the
 * ticket dispatched to the signed-in worker with its category, time left and distance; the task
 * page shows the resident's words and photo, 开始处置 starts it, and 完成处置 takes a photo with
 * the camera only, uploads it with its capture point and resolves with the notes. A resident
 * opening the page sees the binding hint instead. Needs a weapp build (WEAPP_DIST).
 */
import './nodeGlobals' // before the backend: it needs Node globals jsdom lacks
import type { TicketDetail } from '@contract/tickets'
import { buildTestApp, injectAs, login } from '../helpers/app'
import { jpeg } from '../helpers/photos'
import { fileTicketOk, validReport } from '../helpers/tickets'
import { installReportStandIns, type ReportStandIns } from './report-harness'
import { uploadJpeg } from './tickets-harness'
import { closeAllPages, forwardRequestsTo, openPage, tapText, waitUntil } from './simulate'

jest.setTimeout(40_000)

let backend: Awaited<ReturnType<typeof buildTestApp>>
let standIns: ReportStandIns
let requests: ReturnType<typeof forwardRequestsTo>
let ticket: TicketDetail
let workerSession: Awaited<ReturnType<typeof login>>

const globals = globalThis as unknown as { wx: Record<string, unknown> }
const textOf = (page: { dom: unknown }) => (page.dom as Element).textContent ?? ''

beforeAll(async () => {
  backend = await buildTestApp()
  const { app } = backend
  requests = forwardRequestsTo(app)
  // The worker stands ~300 m south of the ticket (GCJ-02, as wx.getLocation gives it).
  standIns = installReportStandIns(app, { location: { latitude: 23.1673, longitude: 113.275 }, photo: await jpeg(1200, 900, '#2e7d32') })
  globals.wx.createMapContext = () => ({ initMarkerCluster: async () => undefined, moveToLocation: async () => undefined, includePoints: async () => undefined })
  globals.wx.openLocation = (options: { success?: (r: unknown) => void }) => setTimeout(() => options.success?.({ errMsg: 'openLocation:ok' }), 0)

  const resident = (await login(app, 'weapp-work-resident')).token
  const dispatcher = (await login(app, 'dispatcher')).token
  const before = await uploadJpeg(app, resident, await jpeg())
  ticket = await fileTicketOk(app, resident, validReport({ photoIds: [before], description: '桥下垃圾堆了三天' }))
  const worker = await app.db.selectFrom('users').select('id').where('openid', '=', 'dev:worker-7').executeTakeFirstOrThrow()
  const res = await injectAs(app, dispatcher, { method: 'POST', url: `/api/ops/tickets/${ticket.id}/dispatch`, payload: { workerId: worker.id } })
  if (res.statusCode !== 200) throw new Error(res.body)
  // The app is signed in as that worker (as after binding).
  workerSession = await login(app, 'worker-7')
})
beforeEach(() => {
  standIns.storage.set('ybs.session', workerSession)
})
afterEach(closeAllPages)
afterAll(async () => {
  await backend.cleanup()
})

it('lists my dispatched task with category, time left and distance', async () => {
  const page = openPage('packages/work/tasks/index')
  await waitUntil(() => expect(textOf(page)).toContain(ticket.number))
  const text = textOf(page)
  expect(text).toContain('暴露垃圾')
  expect(text).toContain('待处置')
  expect(text).toMatch(/剩余 \d+小时/)
  expect(text).toMatch(/[23]\d0 米/) // ~300 m from the phone's position
  expect(text).toContain('工号 BY0007')
  expect(text).toContain('新') // not opened yet
  expect(requests.sent.some((request) => request.startsWith('GET /api/work/tasks?lat=23.1673'))).toBe(true)
})

it('shows the task, starts it, and resolves with a camera photo and notes', async () => {
  const page = openPage('packages/work/task/index', { id: String(ticket.id) })
  await waitUntil(() => expect(textOf(page)).toContain('桥下垃圾堆了三天'))
  expect(textOf(page)).toContain('处置时限')
  expect(page.dom!.querySelectorAll('[class$="task-photo"]')).toHaveLength(1) // the resident's photo

  tapText(page, '开始处置')
  await waitUntil(() => expect(textOf(page)).toContain('提交处置结果'))
  expect(textOf(page)).toContain('处置中')

  tapText(page, '提交处置结果') // nothing yet: both fields are required
  await waitUntil(() => expect(textOf(page)).toContain('请至少拍摄1张整改照片'))
  expect(textOf(page)).toContain('请填写整改说明')

  tapText(page, '拍照')
  await waitUntil(() => expect(page.dom!.querySelectorAll('[class$="after-photo__image"]')).toHaveLength(1))
  expect(standIns.calls.chooseMedia.at(-1)).toMatchObject({ sourceType: ['camera'], mediaType: ['image'] })
  tapText(page, '已清理完毕')
  tapText(page, '提交处置结果')

  await waitUntil(() => expect(textOf(page)).toContain('已完成'))
  const upload = standIns.calls.uploadFile.at(-1)!
  expect(upload.formData).toMatchObject({ ticketId: String(ticket.id), lat: '23.1673', lng: '113.275', coordSystem: 'gcj02' })
  const stored = await backend.app.db.selectFrom('tickets').select('status').where('id', '=', ticket.id).executeTakeFirstOrThrow()
  expect(stored.status).toBe('resolved')
  const event = await backend.app.db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticket.id).where('type', '=', 'resolved').executeTakeFirstOrThrow()
  expect(event.note).toBe('已清理完毕')
  const captures = await backend.app.db.selectFrom('after_photo_captures').selectAll().where('ticket_id', '=', ticket.id).execute()
  expect(captures).toHaveLength(1)
  // ~300 m away: resolved, but the worker is warned and the dispatcher sees the flag.
  expect(captures[0].distance_m).toBeGreaterThan(200)
  await waitUntil(() => expect(textOf(page)).toContain('超过200米'))
  expect(standIns.calls.showModal?.at(-1)).toMatchObject({ title: '位置提醒' })
  expect(requests.sent).toContain(`POST /api/work/tasks/${ticket.id}/resolve`)
})

it('shows a resident the binding hint instead of worker pages', async () => {
  const resident = await login(backend.app, 'weapp-work-resident')
  standIns.storage.set('ybs.session', resident)
  const page = openPage('packages/work/tasks/index')
  await waitUntil(() => expect(textOf(page)).toContain('此页面仅供作业人员使用'))
  expect(textOf(page)).not.toContain(ticket.number)
})
