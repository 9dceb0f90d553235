/**
 * The report form (packages/report/form) in jsdom against a fake backend: what a resident sees
 * when something is missing or wrong, the draft kept while typing, the duplicate check, and
 * what happens on submit (filed, queued offline, or a field error from the server).
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { Category } from '@contract/schemas'
import ReportFormPage from '@/packages/report/form/index'
import { DRAFT_STORAGE_KEY, type ReportDraft } from '@/domain/report/draft'
import { reportOutbox } from '@/domain/report/outbox'
import { MOVED_PIN } from './stubs/MapView'
import { jsonResponse, mockRequest, setRouterParams, type FakeRequestOptions } from './stubs/taro'

// The stub's Textarea/Input drop value and onInput; the form needs both.
// The map is the maps teammate's component: here a button that moves the pin, like a drag would.
const TIANHE = MOVED_PIN // where the map stand-in's 把图钉拖到别处 puts the pin
const JINGTAI = { lat: 23.17, lng: 113.275 }
jest.mock('@/components/MapView', () => jest.requireActual('./stubs/MapView'))

const locate = jest.fn()
let locationState: { status: string; error?: string } = { status: 'ok' }
jest.mock('@/hooks/useLocation', () => ({
  useLocation: () => ({ location: null, ...locationState, locate }),
}))

const CATEGORIES: Category[] = [
  {
    id: 'exposed_garbage',
    name: '暴露垃圾',
    group: 'environment',
    groupName: '环境卫生',
    icon: 'garbage',
    description: '',
    slaHours: 2,
    quickPhrases: ['路边有成堆垃圾', '气味很大'],
  },
  { id: 'manhole', name: '井盖缺失', group: 'municipal', groupName: '市政设施', icon: 'manhole', description: '', slaHours: 1, quickPhrases: [] },
]
const ADDRESS = { street: '景泰街', community: '景泰社区', gridId: 'g1', gridName: '一网格', text: '广州市白云区景泰街景泰社区' }

interface Backend {
  nearby?: unknown[]
  ticket?: (options: FakeRequestOptions) => ReturnType<typeof jsonResponse>
  offline?: boolean
}

function backend({ nearby = [], ticket, offline = false }: Backend = {}) {
  return mockRequest((options) => {
    const url = options.url
    if (url.includes('/categories')) return jsonResponse(200, { items: CATEGORIES })
    if (url.includes('/geo/resolve')) {
      const inside = url.includes('lat=23.17')
      return jsonResponse(200, { inside, address: inside ? ADDRESS : null })
    }
    if (url.includes('/tickets/nearby')) return jsonResponse(200, { items: nearby })
    if (offline) throw { errMsg: 'request:fail' }
    if (url.endsWith('/auth/login')) {
      return jsonResponse(200, { token: 'token-1', expiresAt: '2999-01-01T00:00:00Z', user: { id: 7, role: 'resident', displayName: '市民0007' } })
    }
    if (url.endsWith('/follow')) return jsonResponse(200, { following: true, followerCount: 3 })
    if (url.endsWith('/tickets') && options.method === 'POST') {
      return ticket ? ticket(options) : jsonResponse(201, { id: 41, number: 'BY20261125-0041', dueAt: '2026-11-25T12:00:00.000Z' })
    }
    throw { errMsg: `request:fail unexpected ${url}` }
  })
}

const redirectTo = jest.fn(() => Promise.resolve())
const showModal = jest.fn(() => Promise.resolve({ confirm: true, cancel: false }))
Object.assign(Taro, { redirectTo, showModal })

const storedDraft = () => Taro.getStorageSync(DRAFT_STORAGE_KEY) as ReportDraft
const submitButton = () => screen.getByRole('button', { name: /提交上报|仍要上报/ })
const ticketPosts = (request: jest.Mock) => request.mock.calls.map(([options]) => options as FakeRequestOptions).filter((options) => options.url.endsWith('/tickets'))

async function openForm(params: Record<string, string> = { categoryId: 'exposed_garbage', lat: String(JINGTAI.lat), lng: String(JINGTAI.lng) }) {
  setRouterParams(params)
  const view = render(<ReportFormPage />)
  await screen.findByText('问题描述')
  return view
}

function typeDescription(text: string) {
  fireEvent.change(screen.getByRole('textbox', { name: '问题描述' }), { target: { value: text } })
}

beforeEach(() => {
  jest.clearAllMocks()
  Taro.removeStorageSync(DRAFT_STORAGE_KEY)
  Taro.removeStorageSync('ybs.session')
  locationState = { status: 'ok' }
  locate.mockResolvedValue(JINGTAI)
  for (const item of reportOutbox().items()) reportOutbox().remove(item.id)
})

describe('validation, next to the field', () => {
  it('asks for a category, and for a description or a photo', async () => {
    const request = backend()
    await openForm({})
    fireEvent.click(submitButton())

    expect(await screen.findByText('请选择问题类型')).toBeTruthy()
    expect(screen.getByText('请描述问题，或至少添加一张照片')).toBeTruthy()
    expect(ticketPosts(request)).toHaveLength(0)

    // Choosing a category clears its message.
    fireEvent.click(screen.getByRole('button', { name: '井盖缺失' }))
    expect(screen.queryByText('请选择问题类型')).toBeNull()
  })

  it('counts the characters and refuses more than 500', async () => {
    const request = backend()
    await openForm()
    typeDescription('脏'.repeat(501))
    expect(screen.getByText('501/500')).toBeTruthy()

    fireEvent.click(submitButton())
    expect(await screen.findByText('问题描述不能超过500字')).toBeTruthy()
    expect(ticketPosts(request)).toHaveLength(0)
  })

  it('warns when the pin is outside the district and does not submit', async () => {
    const request = backend()
    await openForm()
    expect(await screen.findByText('景泰街 · 景泰社区')).toBeTruthy()

    fireEvent.click(screen.getByText('把图钉拖到别处')) // to 天河, outside 白云
    expect(await screen.findByText('该位置不在白云区服务范围内，请把图钉移到区内')).toBeTruthy()
    await waitFor(() => expect(storedDraft().location).toEqual(TIANHE)) // saved, debounced

    typeDescription('垃圾')
    fireEvent.click(submitButton())
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该位置不在白云区服务范围内，请把图钉移到区内' })))
    expect(ticketPosts(request)).toHaveLength(0)
  })

  it('shows the server’s out-of-district answer next to the location, and keeps the draft (no outbox)', async () => {
    backend({ ticket: () => jsonResponse(400, { code: 'OUT_OF_DISTRICT', message: 'outside', details: [{ field: 'body.location', message: 'is outside the district' }] }) })
    await openForm()
    typeDescription('路口垃圾')
    await screen.findByText('景泰街 · 景泰社区')
    await act(async () => fireEvent.click(submitButton()))

    expect(await screen.findByText('该位置不在白云区服务范围内，请把图钉移到区内')).toBeTruthy()
    expect(reportOutbox().items()).toEqual([])
    expect(redirectTo).not.toHaveBeenCalled()
    expect(screen.getByRole('textbox', { name: '问题描述' })).toHaveProperty('value', '路口垃圾')
  })
})

it('adds a quick phrase of the category to the description', async () => {
  backend()
  await openForm()
  fireEvent.click(screen.getByRole('button', { name: '添加常用描述：路边有成堆垃圾' }))
  fireEvent.click(screen.getByRole('button', { name: '添加常用描述：气味很大' }))
  expect(screen.getByRole('textbox', { name: '问题描述' })).toHaveProperty('value', '路边有成堆垃圾，气味很大')
  expect(screen.getByText('12/500')).toBeTruthy()
})

it('saves the draft while typing and brings it back, with the same key, after the app was closed', async () => {
  backend()
  const first = await openForm()
  typeDescription('井盖松动')
  await waitFor(() => expect(storedDraft().description).toBe('井盖松动'))
  const key = storedDraft().key
  expect(key).toMatch(/^[A-Za-z0-9_.:-]{8,128}$/)
  first.unmount()

  await openForm({})
  expect(screen.getByRole('textbox', { name: '问题描述' })).toHaveProperty('value', '井盖松动')
  expect(storedDraft().key).toBe(key)
})

it('files the report with the draft’s key and opens the success page', async () => {
  const request = backend()
  await openForm()
  typeDescription('路边有成堆垃圾')
  const key = storedDraft().key
  await screen.findByText('景泰街 · 景泰社区')
  await act(async () => fireEvent.click(submitButton()))

  await waitFor(() => expect(redirectTo).toHaveBeenCalled())
  const [post] = ticketPosts(request)
  expect(post.header?.['Idempotency-Key']).toBe(key)
  expect(JSON.parse(post.data as string)).toEqual({
    categoryId: 'exposed_garbage',
    description: '路边有成堆垃圾',
    photoIds: [],
    location: { ...JINGTAI, coordSystem: 'gcj02' },
  })
  expect(redirectTo).toHaveBeenCalledWith({
    url: '/packages/report/success/index?id=41&number=BY20261125-0041&dueAt=2026-11-25T12%3A00%3A00.000Z',
  })
  expect(Taro.getStorageSync(DRAFT_STORAGE_KEY)).toBe('') // the next report gets a new draft and key
})

it('offline: the report goes to the outbox with its key, and the resident is told', async () => {
  backend({ offline: true })
  await openForm()
  typeDescription('路边有成堆垃圾')
  const key = storedDraft().key
  await screen.findByText('景泰街 · 景泰社区')
  await act(async () => fireEvent.click(submitButton()))

  await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: '/packages/report/outbox/index?queued=1' }))
  expect(reportOutbox().items()).toEqual([
    expect.objectContaining({ id: key, state: 'waiting', reason: '网络连接失败，请检查网络后重试', draft: expect.objectContaining({ key, description: '路边有成堆垃圾' }) }),
  ])
})

it('lists open tickets of the same category nearby; 我也遇到 follows one instead of filing', async () => {
  const nearby = [
    { id: 9, number: 'BY20261124-0009', status: 'dispatched', categoryId: 'exposed_garbage', categoryName: '暴露垃圾', location: JINGTAI, distanceMeters: 35, createdAt: '2026-11-24T02:00:00Z', followerCount: 2, thumbUrl: null },
  ]
  const request = backend({ nearby })
  await openForm()
  const region = await screen.findByRole('region', { name: '附近已有相同问题' })
  expect(within(region).getByText('暴露垃圾 · 约35米')).toBeTruthy()
  const nearbyCall = request.mock.calls.map(([options]) => (options as FakeRequestOptions).url).find((url) => url.includes('/tickets/nearby'))
  expect(nearbyCall).toContain('radius=100')
  expect(nearbyCall).toContain('categoryId=exposed_garbage')

  await act(async () => fireEvent.click(within(region).getByRole('button', { name: /^我也遇到/ })))

  await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: '/packages/report/success/index?followed=1&id=9&number=BY20261124-0009' }))
  expect(request.mock.calls.some(([options]) => (options as FakeRequestOptions).url.endsWith('/tickets/9/follow'))).toBe(true)
  expect(ticketPosts(request)).toHaveLength(0)
})

it('says so when location is denied, and lets the resident place the pin by hand', async () => {
  locationState = { status: 'denied', error: '未获得定位权限，请在地图上手动选择位置' }
  locate.mockResolvedValue(null)
  backend()
  await openForm({ categoryId: 'exposed_garbage' })
  expect(screen.getByText('未获得定位权限，请在地图上手动选择位置')).toBeTruthy()
  expect(screen.getByText('尚未选择位置')).toBeTruthy()

  fireEvent.click(screen.getByText('把图钉拖到别处'))
  await waitFor(() => expect(storedDraft().location).toEqual(TIANHE))
})

it('prefills category and location from a facility link', async () => {
  backend()
  await openForm({ categoryId: 'manhole', lat: '23.17', lng: '113.275', facilityId: 'f-12' })
  expect(screen.getByText('井盖缺失')).toBeTruthy()
  await waitFor(() => expect(storedDraft()).toMatchObject({ categoryId: 'manhole', location: JINGTAI, facilityId: 'f-12' }))
  expect(locate).not.toHaveBeenCalled() // the link's point wins over the resident's position
})

it('a report made from a facility link names the facility, so the ticket links to it', async () => {
  const request = backend()
  await openForm({ categoryId: 'manhole', lat: '23.17', lng: '113.275', facilityId: 'wc-00012' })
  typeDescription('洗手池坏了')
  await act(async () => fireEvent.click(submitButton()))
  await waitFor(() => expect(ticketPosts(request)).toHaveLength(1))
  expect(JSON.parse(String(ticketPosts(request)[0].data))).toMatchObject({ categoryId: 'manhole', description: '洗手池坏了', facilityId: 'wc-00012' })
})

it('keeps the description private unless the resident ticks 公开问题描述', async () => {
  const request = backend()
  await openForm()
  typeDescription('路边有成堆垃圾')
  await screen.findByText('景泰街 · 景泰社区')
  const share = screen.getByRole('checkbox', { name: /公开问题描述/ })
  expect(share.getAttribute('aria-checked')).toBe('false')
  fireEvent.click(share)
  expect(screen.getByRole('checkbox', { name: /公开问题描述/ }).getAttribute('aria-checked')).toBe('true')
  await act(async () => fireEvent.click(submitButton()))
  await waitFor(() => expect(ticketPosts(request)).toHaveLength(1))
  expect(JSON.parse(String(ticketPosts(request)[0].data))).toMatchObject({ description: '路边有成堆垃圾', sharePublicly: true })
})
