/**
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 *
 * (jsdom for the simulator, but Node's package exports for the backend running in-process.)
 * The compiled 上报 tab (dist/) against the real backend: categories come from the seeded
 * database through the app's HTTP client; a failed first request shows the Chinese network
 * error, and 重新加载 retries through the client; a tap on a category opens the form (the form
 * itself: reportForm.test.ts). Needs `npm run build:weapp` first.
 */
import './nodeGlobals' // before the backend: it needs Node globals jsdom lacks
import { buildTestApp } from '../helpers/app'
import { closeAllPages, forwardRequestsTo, openPage, tapText, waitUntil } from './simulate'

let backend: Awaited<ReturnType<typeof buildTestApp>>

beforeAll(async () => {
  backend = await buildTestApp()
})
afterEach(closeAllPages)
afterAll(async () => {
  await backend.cleanup()
})

const textOf = (page: ReturnType<typeof openPage>) => (page.dom as Element).textContent ?? ''

it('renders the categories served by the backend, grouped', async () => {
  const requests = forwardRequestsTo(backend.app)
  const page = openPage('pages/report/index')

  // The first render compiles the whole dist folder: give it time on a busy machine.
  await waitUntil(() => expect(textOf(page)).toContain('暴露垃圾'))
  expect(textOf(page)).toContain('环境卫生')
  expect(textOf(page)).toContain('2小时内处置')
  // (The app also signs in silently at launch; the tab itself asks only for the categories.)
  expect(requests.sent.filter((request) => !request.endsWith('/auth/login'))).toEqual(['GET /api/categories'])
})

it('shows the network error, then 重新加载 fetches the categories', async () => {
  const requests = forwardRequestsTo(backend.app)
  requests.failNext()
  const page = openPage('pages/report/index')

  await waitUntil(() => expect(textOf(page)).toContain('网络连接失败，请检查网络后重试'))
  expect(textOf(page)).not.toContain('暴露垃圾')

  tapText(page, '重新加载')

  await waitUntil(() => expect(textOf(page)).toContain('暴露垃圾'))
  expect(textOf(page)).not.toContain('网络连接失败')
  expect(requests.sent).toEqual(['GET /api/categories', 'GET /api/categories'])
})

it('a tap on a category opens the report form in the report subpackage', async () => {
  forwardRequestsTo(backend.app)
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx
  const navigateTo = jest.fn((options: { success?: (result: unknown) => void }) => options.success?.({ errMsg: 'navigateTo:ok' }))
  wx.navigateTo = navigateTo
  const page = openPage('pages/report/index')
  await waitUntil(() => expect(textOf(page)).toContain('垃圾满溢'))

  tapText(page, '垃圾满溢')

  await waitUntil(() => expect(navigateTo).toHaveBeenCalled())
  expect(navigateTo.mock.calls[0][0]).toMatchObject({ url: expect.stringMatching(/^\/packages\/report\/form\/index\?categoryId=garbage_overflow/) })
})
