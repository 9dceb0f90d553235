/**
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 *
 * The compiled ticket pages (WEAPP_DIST or dist/) against the real backend in-process: a resident's
 * ticket is resolved through the ops API with an after-photo and notes; the detail page renders
 * its timeline from the API (events, the worker's name, the rectification notes, times), shows the
 * proof of fix, and the 我的工单 tab lists it as 待评价 with the unread badge.
 */
import './nodeGlobals' // before the backend: it needs Node globals jsdom lacks
import type { TicketDetail } from '@contract/tickets'
import { buildTestApp, injectAs, login } from '../helpers/app'
import { afterPhotoFields, jpeg } from '../helpers/photos'
import { fileTicketOk, validReport, workerToken } from '../helpers/tickets'
import { closeAllPages, findByText, forwardRequestsTo, openPage, tapSid, tapText, waitUntil } from './simulate'
import { installWxStandIns, uploadJpeg, type WxRecorder } from './tickets-harness'

jest.setTimeout(30_000)

const RESIDENT = 'weapp-resident'
let backend: Awaited<ReturnType<typeof buildTestApp>>
let wx: WxRecorder
let ticket: TicketDetail
let workerName: string

beforeAll(async () => {
  backend = await buildTestApp(process.env.DEBUG_UPLOAD ? { logLevel: 'error' } : {})
  wx = installWxStandIns(RESIDENT)
  const { app } = backend
  const resident = (await login(app, RESIDENT)).token
  const dispatcher = (await login(app, 'dispatcher')).token
  const act = (token: string, action: string, payload: object = {}) =>
    injectAs(app, token, { method: 'POST', url: `/api/ops/tickets/${ticket.id}/${action}`, payload })

  const before = await uploadJpeg(app, resident, await jpeg())
  ticket = await fileTicketOk(app, resident, validReport({ photoIds: [before], description: '公交站旁垃圾堆积' }))
  await act(dispatcher, 'accept')
  const dispatched = (await act(dispatcher, 'dispatch')).json<TicketDetail>()
  workerName = dispatched.assignee!.name
  const worker = await workerToken(app, dispatched.assignee!.id)
  await act(worker, 'start')
  const after = await uploadJpeg(app, worker, await jpeg(800, 600, '#2e7d32'), afterPhotoFields(ticket.id, ticket.location))
  const resolved = await act(worker, 'resolve', { note: '已清理现场并冲洗地面', photoIds: [after] })
  if (resolved.statusCode !== 200) throw new Error(`resolve failed: ${resolved.body}`)
  await app.privacy.drain() // the resident sees the photos once their protected copies exist (#20)
})
afterEach(closeAllPages)
afterAll(async () => {
  await backend.cleanup()
})

const textOf = (page: ReturnType<typeof openPage>) => (page.dom as Element).textContent ?? ''

it('renders the timeline of a resolved ticket from the API', async () => {
  const requests = forwardRequestsTo(backend.app)
  const page = openPage('packages/ticket/detail/index', { id: String(ticket.id) })

  await waitUntil(() => expect(textOf(page)).toContain('处理进度'))
  const text = textOf(page)
  expect(text).toContain(ticket.number)
  expect(text).toContain('已处置')
  expect(text).toContain('暴露垃圾')
  // the timeline, newest first, with who did what
  // The simulator prefixes classes (main--timeline__title).
  const titles = [...(page.dom as Element).querySelectorAll('[class$="timeline__title"]')].map((title) => title.textContent)
  expect(titles).toEqual(['处置完成', '开始处置', '派遣', '受理', '提交上报'])
  expect(text).toContain(`作业人员 ${workerName}`)
  expect(text).toContain('整改说明：已清理现场并冲洗地面')
  expect(text).toContain(`备注：派遣给作业人员${workerName}`)
  expect(text).toContain('问题描述公交站旁垃圾堆积')
  // the before and after photos: side by side, and again in their events
  const photos = [...(page.dom as Element).querySelectorAll('[class$="photo-strip__photo"]')]
  expect(photos).toHaveLength(4)
  tapSid(page, photos[1].getAttribute('data-sid')!) // the after-photo
  await waitUntil(() => expect(wx.previews).toHaveLength(1))
  const [preview] = wx.previews
  expect(preview.urls).toHaveLength(2)
  expect(preview.urls.every((url) => url.startsWith('http://127.0.0.1:3000/media/'))).toBe(true)
  expect(preview.current).toBe(preview.urls[1])
  expect(text).toMatch(/几秒前|1 分钟前/)
  // proof of fix and the resident's next steps
  expect(text).toContain('处置前后对比')
  expect(text).toContain('按期处置')
  expect(text).toContain('非常满意')
  expect(text).toContain('不满意，申请复核')
  expect(requests.sent).toContain(`GET /api/tickets/${ticket.id}`)
  expect(requests.sent.filter((request) => request === 'POST /api/auth/login')).toHaveLength(1)
})

it('asks for a level before sending a rating', async () => {
  const requests = forwardRequestsTo(backend.app)
  const page = openPage('packages/ticket/detail/index', { id: String(ticket.id) })
  await waitUntil(() => expect(textOf(page)).toContain('提交评价'))

  tapText(page, '提交评价')

  await waitUntil(() => expect(textOf(page)).toContain('请选择满意程度'))
  expect(requests.sent.some((request) => request.includes('/rating'))).toBe(false)
})

it('lists the ticket on the 我的工单 tab as 待评价, with the unread badge', async () => {
  forwardRequestsTo(backend.app)
  const page = openPage('pages/tickets/index')

  await waitUntil(() => expect(textOf(page)).toContain(ticket.number))
  const card = findByText(page.dom as Element, ticket.number)
  expect(card).toBeDefined()
  expect(textOf(page)).toContain('待评价')
  expect(textOf(page)).toContain('已处置')
  await waitUntil(() => expect(textOf(page)).toContain('4条未读')) // accepted, dispatched, started, resolved
  expect(wx.badges).toContainEqual({ index: 2, text: '4' })
})
