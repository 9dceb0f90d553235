/**
 * Times read in China (UTC+8) whatever the device's zone. This file runs the app's formatting with
 * the process in UTC: a ticket due at 05:02 UTC is due at 13:02 in Guangzhou, on every page
 * (before, the report success page said 05:02 while the ticket page said 13:02).
 */
process.env.TZ = 'UTC'

import { render, screen } from '@testing-library/react'
import type { FacilityDetail } from '@contract/facilities'
import type { NearbyTicket } from '@contract/tickets'
import { chinaClock, chinaDate, chinaDayStartMs, chinaIso } from '@contract/china-time'
import { facilityFacts } from '@/packages/facility/detail/facts'
import DuplicateList from '@/packages/report/form/DuplicateList'
import { dueLabel, timeLabel } from '@/packages/report/lib/dates'
import ReportSuccessPage from '@/packages/report/success'
import { formatAbsolute } from '@/packages/ticket/lib/time'
import { listTime } from '@/pages/tickets/lib/listTime'
import { setRouterParams } from './stubs/taro'

jest.mock('@nutui/nutui-react-taro', () => ({
  Steps: ({ children }: { children: unknown }) => children,
  Step: ({ title }: { title: string }) => title,
}))

const DUE = '2026-11-25T05:02:00.000Z' // 13:02 on Wednesday 25 November in Guangzhou

it('really runs in UTC (the device of a resident abroad, or a CI browser)', () => {
  expect(new Date(DUE).getHours()).toBe(5)
})

it('the report success page shows the deadline in China time, like the ticket page', () => {
  setRouterParams({ id: '7', number: 'BY20261125-0007', dueAt: encodeURIComponent(DUE) })
  render(<ReportSuccessPage />)
  expect(screen.getByText('11月25日 星期三 13:02前')).toBeTruthy()
  expect(formatAbsolute(DUE, Date.parse(DUE))).toBe('11月25日 13:02')
  expect(dueLabel(DUE)).toBe('11月25日 星期三 13:02')
})

it('the outbox, the duplicate list, the facility card and the list all read China time', () => {
  expect(timeLabel('2026-11-25T16:30:00Z')).toBe('11月26日 00:30')
  const nearby = { id: 1, number: 'BY1', categoryName: '暴露垃圾', distanceMeters: 30, status: 'accepted', createdAt: DUE, followerCount: 2 } as NearbyTicket
  render(<DuplicateList tickets={[nearby]} onFollow={() => undefined} />)
  expect(screen.getByText(/11月25日 13:02上报/)).toBeTruthy()

  const facility = {
    openingHours: '00:00-24:00',
    openNow: true,
    toilet: { free: true, accessible: true, babyCare: false, starLevel: 2, cleaningStatus: 'clean', lastCleanedAt: DUE },
    manager: '白云区环卫',
    street: '景泰街道',
    community: '景泰社区',
  } as unknown as FacilityDetail
  expect(facilityFacts(facility).find((fact) => fact.label === '保洁')?.value).toContain('上次保洁 11月25日 13:02')

  expect(listTime('2026-11-25T16:30:00Z', Date.parse('2026-11-26T01:00:00Z'))).toBe('今天 00:30')
})

it('the contract’s China time: days, W3C time, the start of a day', () => {
  expect(chinaDate('2026-11-25T16:30:00Z')).toBe('2026-11-26')
  expect(chinaIso(DUE)).toBe('2026-11-25T13:02:00+08:00')
  expect(new Date(chinaDayStartMs('2026-11-26')).toISOString()).toBe('2026-11-25T16:00:00.000Z')
  expect(chinaClock(DUE)).toMatchObject({ year: 2026, month: 11, day: 25, hour: 13, minute: 2, weekday: 3, minuteOfDay: 13 * 60 + 2 })
})
