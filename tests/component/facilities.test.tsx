/**
 * 附近设施: the list is nearest first with metres and walking minutes, the filters reach the API
 * and the markers, the search narrows both, and the map's markers come from the bbox API,
 * reloaded only after the map has stopped moving.
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { FacilitySummary, NearbyFacility } from '@contract/facilities'
import FacilitiesPage from '@/pages/facilities/index'
import { formatDistance, formatWalking, matchesFilters, matchesSearch, sortByDistance } from '@/services/facilities'
import { MOVED_REGION, lastMapProps, resetMapProps } from './stubs/MapView'
import { jsonResponse, mockRequest, type FakeRequestOptions } from './stubs/taro'

// The map: its latest props, and a button that ends a pan the way the real map reports it.
jest.mock('@/components/MapView', () => jest.requireActual('./stubs/MapView'))

const HERE = { lat: 23.1602, lng: 113.2695 }
const getLocation = jest.fn()
Object.assign(Taro, { getLocation })

function facility(id: string, name: string, distanceMeters: number, toilet: Partial<NonNullable<FacilitySummary['toilet']>> = {}): NearbyFacility {
  return {
    id,
    type: 'toilet',
    name,
    address: `白云区景泰街${name}旁`,
    street: '景泰街',
    community: '景泰社区',
    gridId: 'g1',
    location: { lat: 23.16 + distanceMeters / 1e6, lng: 113.27 },
    coordSystem: 'gcj02',
    openingHours: '00:00-24:00',
    openNow: true,
    rating: { average: 4.5, count: 10 },
    distanceMeters,
    walkingMinutes: Math.ceil(distanceMeters / 80),
    toilet: { accessible: false, babyCare: false, free: true, starLevel: 2, cleaningStatus: 'clean', lastCleanedAt: '2025-01-01T00:00:00.000Z', ...toilet },
  }
}

const FAR = facility('wc-3', '云城公厕', 1250, { babyCare: true })
const NEAR = facility('wc-1', '景泰直街公厕', 85)
const MIDDLE = facility('wc-2', '广园新村公厕', 420, { babyCare: true, accessible: true })

let requests: FakeRequestOptions[] = []
function backend() {
  requests = []
  mockRequest((options) => {
    requests.push(options)
    const url = new URL(options.url, 'http://app.test')
    if (url.pathname.endsWith('/facilities/nearest')) {
      // Deliberately out of order: the list must sort.
      const items = [FAR, NEAR, MIDDLE].filter((item) => url.searchParams.get('babyCare') !== 'true' || item.toilet?.babyCare)
      return jsonResponse(200, { items })
    }
    if (url.pathname.endsWith('/facilities')) return jsonResponse(200, { items: [NEAR, MIDDLE, FAR], total: 3, truncated: false })
    return jsonResponse(404, { error: { code: 'NOT_FOUND', message: 'not found' } })
  })
}

const urlOf = (request: FakeRequestOptions) => new URL(request.url, 'http://app.test')
/** The query the app sent (the adapter puts params in the URL). */
const params = (request: FakeRequestOptions) => Object.fromEntries(urlOf(request).searchParams)
const nearestCalls = () => requests.filter((r) => urlOf(r).pathname.endsWith('/facilities/nearest'))
const bboxCalls = () => requests.filter((r) => urlOf(r).pathname.endsWith('/facilities'))

beforeEach(() => {
  jest.clearAllMocks()
  resetMapProps()
  getLocation.mockResolvedValue({ latitude: HERE.lat, longitude: HERE.lng })
  backend()
})

describe('formatting and filtering', () => {
  it('writes distances in metres under 1 km and kilometres above', () => {
    expect(formatDistance(85)).toBe('85米')
    expect(formatDistance(999)).toBe('999米')
    expect(formatDistance(1250)).toBe('1.3公里')
    expect(formatDistance(12_400)).toBe('12公里')
    expect(formatWalking(1)).toBe('步行1分钟内')
    expect(formatWalking(6)).toBe('步行约6分钟')
  })

  it('sorts nearest first', () => {
    expect(sortByDistance([FAR, NEAR, MIDDLE]).map((f) => f.id)).toEqual(['wc-1', 'wc-2', 'wc-3'])
  })

  it('applies the toilet filters like the API does (garbage points have no fittings)', () => {
    const garbage: FacilitySummary = { ...NEAR, id: 'gp-1', type: 'garbage_point', toilet: undefined, garbagePoint: { bins: ['other'], recyclables: [], collectionTimes: [] } }
    expect(matchesFilters(MIDDLE, { babyCare: true, accessible: true })).toBe(true)
    expect(matchesFilters(NEAR, { babyCare: true })).toBe(false)
    expect(matchesFilters(garbage, { babyCare: true })).toBe(false)
    expect(matchesFilters(garbage, { openNow: true })).toBe(true)
    expect(matchesFilters({ ...NEAR, openNow: false }, { openNow: true })).toBe(false)
    expect(matchesFilters(NEAR, {})).toBe(true)
  })

  it('searches name and address, every word', () => {
    expect(matchesSearch(MIDDLE, '广园')).toBe(true)
    expect(matchesSearch(MIDDLE, '景泰街 广园')).toBe(true)
    expect(matchesSearch(MIDDLE, '云城')).toBe(false)
  })
})

describe('附近设施 tab', () => {
  it('lists the nearest toilet first, with metres and walking minutes', async () => {
    render(<FacilitiesPage />)

    const list = await screen.findByRole('group', { name: '附近设施列表，按距离排序' })
    const cards = within(list).getAllByRole('link')
    expect(cards.map((card) => card.querySelector('.facility-card__name')?.textContent)).toEqual(['景泰直街公厕', '广园新村公厕', '云城公厕'])
    expect(within(cards[0]).getByText('85米')).toBeTruthy()
    expect(within(cards[0]).getByText('步行约2分钟')).toBeTruthy()
    expect(within(cards[2]).getByText('1.3公里')).toBeTruthy()
    expect(screen.getByText('按离你的距离排序')).toBeTruthy()

    // Asked from where the resident is, for toilets, in GCJ-02.
    expect(getLocation).toHaveBeenCalledWith({ type: 'gcj02' })
    expect(params(nearestCalls()[0])).toMatchObject({ lat: String(HERE.lat), lng: String(HERE.lng), coordSystem: 'gcj02', type: 'toilet' })
    expect(lastMapProps()?.center).toEqual({ lat: HERE.lat, lng: HERE.lng })
  })

  it('a filter goes to the API and narrows the list and the markers', async () => {
    render(<FacilitiesPage />)
    await screen.findByText('景泰直街公厕')
    act(() => lastMapProps()?.onRegionChange?.(MOVED_REGION))
    await waitFor(() => expect(lastMapProps()?.markers).toHaveLength(3), { timeout: 2000 })

    fireEvent.click(screen.getByRole('checkbox', { name: /母婴室/ }))

    await waitFor(() => expect(screen.queryByText('景泰直街公厕')).toBeNull())
    expect(screen.getByRole('checkbox', { name: /母婴室/ }).getAttribute('aria-checked')).toBe('true')
    expect(params(nearestCalls().at(-1)!)).toMatchObject({ babyCare: 'true' })
    expect(params(nearestCalls().at(-1)!)).not.toHaveProperty('accessible')
    expect(screen.getByText('广园新村公厕')).toBeTruthy()
    expect(screen.getByText('云城公厕')).toBeTruthy()
    expect(lastMapProps()?.markers?.map((m) => m.id)).toEqual(['wc-2', 'wc-3'])
  })

  it('the search narrows the list by name or address', async () => {
    render(<FacilitiesPage />)
    await screen.findByText('景泰直街公厕')

    fireEvent.change(screen.getByLabelText('搜索设施名称或地址'), { target: { value: '广园' } })

    await waitFor(() => expect(screen.queryByText('景泰直街公厕')).toBeNull())
    expect(screen.getByText('广园新村公厕')).toBeTruthy()
    expect(params(nearestCalls().at(-1)!)).toMatchObject({ limit: '50' })

    fireEvent.change(screen.getByLabelText('搜索设施名称或地址'), { target: { value: '没有这个地方' } })
    expect(await screen.findByText('附近没有符合搜索的设施')).toBeTruthy()
  })

  it('loads markers for the visible area once the map stops moving', async () => {
    jest.useFakeTimers()
    /** Lets axios's promise chain reach Taro.request. */
    const settle = () => act(async () => {
      for (let i = 0; i < 30; i++) await Promise.resolve()
    })
    try {
      render(<FacilitiesPage />)
      await settle()
      const before = bboxCalls().length
      // Three quick pans: only the last one loads, 400 ms after it.
      act(() => {
        lastMapProps()?.onRegionChange?.({ ...MOVED_REGION, bbox: { ...MOVED_REGION.bbox, minLat: 23.1 } })
        jest.advanceTimersByTime(100)
        lastMapProps()?.onRegionChange?.({ ...MOVED_REGION, bbox: { ...MOVED_REGION.bbox, minLat: 23.12 } })
        jest.advanceTimersByTime(100)
      })
      fireEvent.click(screen.getByRole('button', { name: '拖动地图' }))
      act(() => jest.advanceTimersByTime(399))
      await settle()
      expect(bboxCalls()).toHaveLength(before)
      act(() => jest.advanceTimersByTime(1))
      await settle()
      expect(bboxCalls()).toHaveLength(before + 1)
      expect(params(bboxCalls().at(-1)!)).toMatchObject({ bbox: '113.27000,23.16000,113.29000,23.18000', type: 'toilet', coordSystem: 'gcj02' })
      await settle()
    } finally {
      jest.useRealTimers()
    }
    await waitFor(() => expect(lastMapProps()?.markers?.map((m) => m.kind)).toEqual(['toilet', 'toilet', 'toilet']))
    expect(lastMapProps()?.markers?.every((m) => m.cluster)).toBe(true)
  })

  it('says location was refused and measures from the district centre', async () => {
    getLocation.mockRejectedValue({ errMsg: 'getLocation:fail auth deny' })
    render(<FacilitiesPage />)

    expect(await screen.findByText(/未获得定位权限，距离暂按白云区政府计算/)).toBeTruthy()
    await screen.findByText('景泰直街公厕')
    expect(params(nearestCalls()[0])).toMatchObject({ lat: '23.1575', lng: '113.2735' })
    getLocation.mockResolvedValue({ latitude: HERE.lat, longitude: HERE.lng })
    fireEvent.click(screen.getByRole('button', { name: '重新定位' }))
    expect(await screen.findByText('按离你的距离排序')).toBeTruthy()
  })

  it('opens the detail of a facility from the list and from the map', async () => {
    render(<FacilitiesPage />)
    fireEvent.click(await screen.findByRole('link', { name: /^广园新村公厕/ }))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/facility/detail/index?id=wc-2' })
    act(() => {
      lastMapProps()?.onMarkerTap?.('wc-3')
    })
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/facility/detail/index?id=wc-3' })
  })
})
