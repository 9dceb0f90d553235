/**
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 *
 * 语音输入 on weapp (#16), compiled (WEAPP_DIST or dist/): with the 同声传译 plugin present (a stand-in
 * for requirePlugin('WechatSI')), the form offers 语音输入; a tap starts the recognition manager in
 * Mandarin, what it recognised is appended to the description, and a failure is shown in Chinese.
 * (Without the plugin, as in the other weapp tests, the button is simply not there.)
 */
import './nodeGlobals'
import { buildTestApp } from '../helpers/app'
import { jpeg } from '../helpers/photos'
import { installReportStandIns } from './report-harness'
import { findByText, forwardRequestsTo, openPage, tapText, waitUntil } from './simulate'

jest.setTimeout(30_000)

interface FakeManager {
  started: { lang?: string }[]
  onStop?: (result: { result?: string }) => void
  onError?: (error: { retcode?: number; msg?: string }) => void
  start(options: { lang?: string }): void
  stop(): void
}

const manager: FakeManager = {
  started: [],
  start(options) {
    this.started.push(options)
  },
  stop() {},
}

let backend: Awaited<ReturnType<typeof buildTestApp>>

beforeAll(async () => {
  backend = await buildTestApp()
  forwardRequestsTo(backend.app)
  installReportStandIns(backend.app, { location: { latitude: 23.17, longitude: 113.275 }, photo: await jpeg(400, 300) })
  Object.assign(globalThis, {
    requirePlugin: (name: string) => {
      if (name !== 'WechatSI') throw new Error(`plugin ${name} is not declared`)
      return { getRecordRecognitionManager: () => manager }
    },
  })
})
afterAll(async () => {
  delete (globalThis as { requirePlugin?: unknown }).requirePlugin
  await backend.cleanup()
})

it('speaks into the description through WechatSI, and shows its failure in Chinese', async () => {
  const page = openPage('packages/report/form/index', { categoryId: 'exposed_garbage' })
  const dom = page.dom as Element
  await waitUntil(() => expect(findByText(dom, '🎤 语音输入')).toBeTruthy())

  tapText(page, '🎤 语音输入')
  await waitUntil(() => expect(manager.started).toHaveLength(1))
  expect(manager.started[0]).toMatchObject({ lang: 'zh_CN' })
  await waitUntil(() => expect(findByText(dom, '正在听…说完点这里')).toBeTruthy())

  manager.onStop!({ result: '井盖松动了' })
  // The description now holds the five characters (the counter under 问题描述 says so).
  await waitUntil(() => expect(findByText(dom, '5/500')).toBeTruthy())
  await waitUntil(() => expect(findByText(dom, '🎤 语音输入')).toBeTruthy())

  tapText(page, '🎤 语音输入')
  await waitUntil(() => expect(manager.started).toHaveLength(2))
  manager.onError!({ retcode: -30003, msg: 'no data' })
  await waitUntil(() => expect(findByText(dom, '没有听清，请靠近一些再说一次')).toBeTruthy())
  page.detach()
})
