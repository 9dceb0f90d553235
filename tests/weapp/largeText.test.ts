/**
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 *
 * WeChat's font setting (#16): with a large fontSizeSetting in the wx stand-in (关怀模式, ~24 px),
 * EVERY page of the compiled app (WEAPP_DIST or dist/, the list read from its app.json) renders a
 * page-meta whose root-font-size is that 24 px (every rem in our styles follows it) and still renders
 * its content; the tab pages' root takes the large-text class; 长辈版 is offered once, accepting it
 * is remembered on the device and raises the same root to 24 × 1.5 = 36 px on every page opened
 * after; turned off again, the root goes back to WeChat's 24 px.
 */
import './nodeGlobals'
import fs from 'node:fs'
import path from 'node:path'
import type { NearestFacilitiesResponse } from '@contract/facilities'
import { buildTestApp, login } from '../helpers/app'
import { jpeg } from '../helpers/photos'
import { fileTicketOk, validReport } from '../helpers/tickets'
import { closeAllPages, DIST, findByText, forwardRequestsTo, openPage, tapText, waitUntil } from './simulate'
import { installWxStandIns, uploadJpeg, type WxRecorder } from './tickets-harness'
import { wxGlobal } from './wx-stand-ins'

jest.setTimeout(30_000)

const RESIDENT = 'weapp-large-text'
let backend: Awaited<ReturnType<typeof buildTestApp>>
let wx: WxRecorder
let ticket: { id: number; number: string }
let facility: { id: string; name: string }

const wechatFont = (px: number) => Object.assign(wxGlobal(), { getAppBaseInfo: () => ({ fontSizeSetting: px, fontSizeScaleFactor: px / 16 }) })

beforeAll(async () => {
  backend = await buildTestApp()
  wx = installWxStandIns(RESIDENT)
  wechatFont(24)
  const resident = (await login(backend.app, RESIDENT)).token
  const photo = await uploadJpeg(backend.app, resident, await jpeg())
  ticket = await fileTicketOk(backend.app, resident, validReport({ photoIds: [photo], description: '桥洞下垃圾堆了好几天' }))
  const nearest = await backend.app.inject({ method: 'GET', url: '/api/facilities/nearest?lat=23.1602&lng=113.2695&type=toilet&limit=1' })
  const [first] = (JSON.parse(nearest.body) as NearestFacilitiesResponse).items
  facility = { id: String(first.id), name: first.name }
})
afterEach(closeAllPages)
afterAll(async () => {
  await backend.cleanup()
})

type Page = ReturnType<typeof openPage>
const rootClass = (page: Page) => (page.dom as Element).querySelector('[class*="page"]')?.getAttribute('class') ?? ''
const textOf = (page: Page) => (page.dom as Element).textContent ?? ''
/**
 * The root font a page gives WeChat: its own <page-meta> (in the page's wxml, rendered), whose
 * root-font-size the wxml binds to a key of Taro's pageMeta data (p7), read in the page's data.
 * (The simulator keeps no attributes of page-meta, so the binding is read from the wxml.)
 */
const rootFont = (page: Page, route: string) => {
  if (!(page.dom as Element).querySelector('wx-page-meta')) return 'no page-meta rendered'
  const wxml = fs.readFileSync(path.join(DIST, `${route}.wxml`), 'utf8')
  const key = wxml.match(/<page-meta [^>]*root-font-size="\{\{pageMeta\.(\w+)/)?.[1]
  if (!key) return 'page-meta without root-font-size'
  return (page as unknown as { instance: { data: { pageMeta?: Record<string, unknown> } } }).instance.data.pageMeta?.[key]
}

/** Every page of the build, and what it shows once loaded (its query, then a text of its own content). */
const appJson = JSON.parse(fs.readFileSync(path.join(DIST, 'app.json'), 'utf8')) as { pages: string[]; subPackages: { root: string; pages: string[] }[] }
const ROUTES = [...appJson.pages, ...appJson.subPackages.flatMap((pkg) => pkg.pages.map((page) => `${pkg.root}/${page}`))]
const CONTENT: Record<string, () => [Record<string, string>, string]> = {
  'pages/report/index': () => [{}, '请选择要上报的问题类型'],
  'pages/facilities/index': () => [{}, '按离你的距离排序'],
  'pages/tickets/index': () => [{}, ticket.number],
  'packages/report/form/index': () => [{ categoryId: 'exposed_garbage' }, '问题描述'],
  'packages/report/success/index': () => [{ number: ticket.number }, `工单编号${ticket.number}`],
  'packages/report/outbox/index': () => [{}, '没有待发送的上报'],
  'packages/ticket/detail/index': () => [{ id: String(ticket.id) }, '桥洞下垃圾堆了好几天'],
  'packages/ticket/messages/index': () => [{}, '暂无消息'],
  'packages/facility/detail/index': () => [{ id: facility.id }, facility.name],
  'packages/work/tasks/index': () => [{}, '此页面仅供作业人员使用'], // a resident: the guard is the page's content
  'packages/work/task/index': () => [{ id: String(ticket.id) }, '此页面仅供作业人员使用'],
  'packages/work/bind/index': () => [{}, '绑定作业人员身份'],
  'packages/public/map/index': () => [{}, '附近的上报'],
  'packages/public/stats/index': () => [{}, '按时办结率'],
}

it('the test knows every page of the build', () => {
  expect(ROUTES.length).toBeGreaterThanOrEqual(14)
  expect(ROUTES.filter((route) => !CONTENT[route])).toEqual([])
})

/** Every stylesheet of the build (app, common, each page's). */
const wxss = (dir = DIST): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    return entry.isDirectory() ? wxss(file) : entry.name.endsWith('.wxss') ? [fs.readFileSync(file, 'utf8')] : []
  })

it('the weapp styles size text and targets in rem, which the root font scales (nothing on top through --fs)', () => {
  const css = wxss().join('\n')
  const rule = (selector: string) => css.match(new RegExp(`(?:^|})${selector.replace(/[.[\]()]/g, '\\$&')}\\{([^}]*)}`, 'm'))?.[1] ?? `no rule ${selector}`
  expect(rule('.page')).toContain('font-size:1rem') // body text: 16 px at WeChat's normal font
  expect(rule('.section-title')).toMatch(/font-size:\d?\.?\d+rem/)
  expect(rule('.action-button')).toContain('font-size:1rem')
  expect(rule('.action-button')).toContain('min-height:max(88rpx,2.75rem)') // 44 px, more with a larger font
  expect(css).toMatch(/\.page--elder \[role=button\][^{]*\{[^}]*min-height:max\(120rpx,2\.5rem\)/) // 60 px at 长辈版's ≥ 24 px root
  expect(css).not.toContain('var(--fs') // weapp: the root carries WeChat's font and 长辈版, --fs would apply them twice
  // Text in rpx would follow neither: only glyphs drawn in fixed-size circles and tiles stay (≥ 40rpx).
  const rpxText = [...css.matchAll(/font-size:([\d.]+)rpx/g)].map((match) => Number(match[1])).filter((size) => size < 40)
  expect(rpxText).toEqual([])
})

it.each(ROUTES)('%s: page-meta sets the root font to WeChat’s 24 px and the page renders its content', async (route) => {
  forwardRequestsTo(backend.app)
  const [query, text] = CONTENT[route]()
  const page = openPage(route, query)
  await waitUntil(() => expect(textOf(page)).toContain(text))
  expect(rootFont(page, route)).toBe('24px')
})

it.each(['pages/report/index', 'pages/facilities/index', 'pages/tickets/index'])('%s renders with the large-text class', async (route) => {
  forwardRequestsTo(backend.app)
  const page = openPage(route)
  await waitUntil(() => expect(rootClass(page)).toContain('page--large-text'))
})

it('the first screen offers 长辈版; accepting turns it on, remembers it, and raises the root font to 24 × 1.5 px', async () => {
  forwardRequestsTo(backend.app)
  const page = openPage('pages/report/index')
  await waitUntil(() => expect(findByText(page.dom as Element, '打开长辈版')).toBeTruthy())
  expect(rootFont(page, 'pages/report/index')).toBe('24px')
  tapText(page, '打开长辈版')
  await waitUntil(() => expect(rootClass(page)).toContain('page--elder'))
  expect(rootFont(page, 'pages/report/index')).toBe('36px') // the open page follows at once
  expect(wx.storage.get('ybs.elderMode')).toBeDefined()
  expect(findByText(page.dom as Element, '打开长辈版')).toBeUndefined()
  const tickets = openPage('pages/tickets/index')
  await waitUntil(() => expect(findByText(tickets.dom as Element, '已开启')).toBeTruthy())
  expect(rootClass(tickets)).toContain('page--elder')
  expect(rootFont(tickets, 'pages/tickets/index')).toBe('36px')
})

it.each(['pages/facilities/index', 'packages/ticket/detail/index', 'packages/public/stats/index', 'packages/work/bind/index'])('%s in 长辈版: the root font is 36 px and the page renders its content', async (route) => {
  forwardRequestsTo(backend.app)
  const [query, text] = CONTENT[route]()
  const page = openPage(route, query)
  await waitUntil(() => expect(textOf(page)).toContain(text))
  expect(rootClass(page)).toContain('page--elder')
  expect(rootFont(page, route)).toBe('36px')
})

it('the report form follows the same root in 长辈版 (36 px), and voice input is not offered without the 同声传译 plugin', async () => {
  forwardRequestsTo(backend.app)
  const page = openPage('packages/report/form/index', { categoryId: 'exposed_garbage' })
  await waitUntil(() => expect(findByText(page.dom as Element, '添加照片')).toBeTruthy()) // 长辈版 is on by now: step 1 of 3
  expect(rootFont(page, 'packages/report/form/index')).toBe('36px')
  // miniprogram-simulate has no requirePlugin: the form is the typed one, and it did not crash.
  expect(findByText(page.dom as Element, '🎤 语音输入')).toBeUndefined()
})

it('长辈版 with a small WeChat font still has a root of 16 × 1.5 = 24 px (its smallest text ≥ 18 px)', async () => {
  wechatFont(14)
  try {
    forwardRequestsTo(backend.app)
    const page = openPage('pages/tickets/index')
    await waitUntil(() => expect(textOf(page)).toContain(ticket.number))
    expect(rootFont(page, 'pages/tickets/index')).toBe('24px')
  } finally {
    wechatFont(24)
  }
})

it('turning 长辈版 off on 我的工单 puts the root back to WeChat’s 24 px', async () => {
  forwardRequestsTo(backend.app)
  const page = openPage('pages/tickets/index')
  await waitUntil(() => expect(findByText(page.dom as Element, '已开启')).toBeTruthy())
  expect(rootFont(page, 'pages/tickets/index')).toBe('36px')
  tapText(page, '已开启')
  await waitUntil(() => expect(findByText(page.dom as Element, '未开启')).toBeTruthy())
  expect(rootFont(page, 'pages/tickets/index')).toBe('24px')
  expect(rootClass(page)).not.toContain('page--elder')
})
