/**
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 *
 * WeChat's font setting (#16): with a large fontSizeSetting in the wx stand-in (关怀模式, ~24 px),
 * the compiled tab pages (WEAPP_DIST or dist/) still render, their root takes the large-text class
 * (text ×1.4 through --fs), and 长辈版 is offered once; accepting it is remembered on the device.
 */
import './nodeGlobals'
import { buildTestApp } from '../helpers/app'
import { closeAllPages, findByText, forwardRequestsTo, openPage, tapText, waitUntil } from './simulate'
import { installWxStandIns, type WxRecorder } from './tickets-harness'
import { wxGlobal } from './wx-stand-ins'

jest.setTimeout(30_000)

let backend: Awaited<ReturnType<typeof buildTestApp>>
let wx: WxRecorder

beforeAll(async () => {
  backend = await buildTestApp()
  wx = installWxStandIns('weapp-large-text')
  Object.assign(wxGlobal(), { getAppBaseInfo: () => ({ fontSizeSetting: 24, fontSizeScaleFactor: 1.5 }) })
})
afterEach(closeAllPages)
afterAll(async () => {
  await backend.cleanup()
})

const rootClass = (page: ReturnType<typeof openPage>) => (page.dom as Element).querySelector('[class*="page"]')?.getAttribute('class') ?? ''

it.each(['pages/report/index', 'pages/facilities/index', 'pages/tickets/index'])('%s renders with the large-text class', async (route) => {
  forwardRequestsTo(backend.app)
  const page = openPage(route)
  await waitUntil(() => expect(rootClass(page)).toContain('page--large-text'))
})

it('the first screen offers 长辈版; accepting turns it on and remembers it', async () => {
  forwardRequestsTo(backend.app)
  const page = openPage('pages/report/index')
  await waitUntil(() => expect(findByText(page.dom as Element, '打开长辈版')).toBeTruthy())
  tapText(page, '打开长辈版')
  await waitUntil(() => expect(rootClass(page)).toContain('page--elder'))
  expect(wx.storage.get('ybs.elderMode')).toBeDefined()
  expect(findByText(page.dom as Element, '打开长辈版')).toBeUndefined()
  const tickets = openPage('pages/tickets/index')
  await waitUntil(() => expect(findByText(tickets.dom as Element, '已开启')).toBeTruthy())
  expect(rootClass(tickets)).toContain('page--elder')
})

it('the report form follows WeChat’s font: page-meta sets the root font to fontSizeSetting (24 px), and voice input is not offered without the 同声传译 plugin', async () => {
  forwardRequestsTo(backend.app)
  const page = openPage('packages/report/form/index', { categoryId: 'exposed_garbage' })
  await waitUntil(() => expect(findByText(page.dom as Element, '添加照片')).toBeTruthy()) // 长辈版 is on by now: step 1 of 3
  // The page's own <page-meta> (first node of the page's wxml) reads root-font-size from pageMeta.p7.
  expect((page.dom as Element).querySelector('wx-page-meta')).toBeTruthy()
  const data = (page as unknown as { instance: { data: { pageMeta?: Record<string, unknown> } } }).instance.data
  expect(data.pageMeta?.p7).toBe('24px')
  // miniprogram-simulate has no requirePlugin: the form is the typed one, and it did not crash.
  expect(findByText(page.dom as Element, '🎤 语音输入')).toBeUndefined()
})
