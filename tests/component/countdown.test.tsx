/** The deadline: a countdown that moves with the clock, 超时 once past due, 督办 when escalated. */
import { act, render, screen } from '@testing-library/react'
import Countdown from '@/components/Countdown'
import { describeDeadline, formatDuration } from '@/components/Countdown/countdown'
import { formatAbsolute } from '@/packages/ticket/lib/time'
import { HOUR, MINUTE, NOW, iso } from './tickets.fixtures'

const open = (dueIn: number, extra: { overdue?: boolean; escalated?: boolean } = {}) => ({
  status: 'in_progress' as const,
  dueAt: iso(NOW + dueIn),
  overdue: false,
  escalated: false,
  resolvedAt: null,
  ...extra,
})

describe('formatDuration', () => {
  it('is coarse far away and exact when close', () => {
    expect(formatDuration(2 * 24 * HOUR + 3 * HOUR + 59 * MINUTE)).toBe('2天3小时')
    expect(formatDuration(3 * 24 * HOUR)).toBe('3天')
    expect(formatDuration(5 * HOUR + 12 * MINUTE + 30_000)).toBe('5小时12分')
    expect(formatDuration(12 * MINUTE + 5_000)).toBe('12分05秒')
    expect(formatDuration(45_999)).toBe('45秒')
    expect(formatDuration(-5)).toBe('0秒')
  })
})

describe('describeDeadline', () => {
  it('counts down while the ticket is open and turns urgent in the last hour', () => {
    expect(describeDeadline(open(5 * HOUR), NOW)).toEqual({ tone: 'normal', text: '剩余 5小时0分', ticking: true })
    expect(describeDeadline(open(30 * MINUTE), NOW)).toMatchObject({ tone: 'urgent', text: '剩余 30分00秒' })
  })

  it('says how late an open ticket is, also before the server noticed', () => {
    expect(describeDeadline(open(-2 * HOUR - 3 * MINUTE), NOW)).toMatchObject({ tone: 'overdue', text: '已超时 2小时3分' })
    expect(describeDeadline(open(-MINUTE, { overdue: true }), NOW)).toMatchObject({ tone: 'overdue' })
  })

  it('judges a handled ticket by when it was resolved, and stops', () => {
    const base = { status: 'closed' as const, dueAt: iso(NOW), overdue: false }
    expect(describeDeadline({ ...base, resolvedAt: iso(NOW - HOUR) }, NOW + 9 * HOUR)).toEqual({ tone: 'met', text: '按期处置', ticking: false })
    expect(describeDeadline({ ...base, resolvedAt: iso(NOW + 90 * MINUTE) }, NOW + 9 * HOUR)).toMatchObject({
      tone: 'late',
      text: '超期处置（超时 1小时30分）',
    })
    expect(describeDeadline({ ...base, status: 'rejected', resolvedAt: null }, NOW)).toMatchObject({ tone: 'none', ticking: false })
  })
})

describe('Countdown with a fake clock', () => {
  beforeEach(() => {
    jest.useFakeTimers()
    jest.setSystemTime(NOW)
  })
  afterEach(() => jest.useRealTimers())

  const timerText = () => screen.getByRole('timer').querySelector('.countdown__text')?.textContent

  it('moves with the clock, ticks in seconds in the last hour, then shows 超时', () => {
    render(<Countdown ticket={open(HOUR + 2 * MINUTE)} formatDue={formatAbsolute} />)
    expect(timerText()).toBe('剩余 1小时2分')
    expect(screen.getByText('截止 11月25日 11:02')).toBeTruthy()
    expect(screen.queryByText('超时')).toBeNull()

    act(() => void jest.advanceTimersByTime(2 * MINUTE)) // 1 h left: now the urgent, per-second pace
    act(() => void jest.advanceTimersByTime(30_000))
    expect(timerText()).toBe('剩余 59分30秒')
    act(() => void jest.advanceTimersByTime(1000))
    expect(timerText()).toBe('剩余 59分29秒')
    expect(screen.getByRole('timer').className).toContain('countdown--urgent')

    act(() => void jest.advanceTimersByTime(60 * MINUTE))
    expect(timerText()).toBe('已超时 31秒')
    expect(screen.getByText('超时')).toBeTruthy()
    expect(screen.getByRole('timer').getAttribute('aria-label')).toBe('处置时限，已超时 31秒')
  })

  it('marks an escalated ticket as 督办', () => {
    render(<Countdown ticket={open(-3 * HOUR, { overdue: true, escalated: true })} formatDue={formatAbsolute} />)
    expect(screen.getByText('超时')).toBeTruthy()
    expect(screen.getByText('督办')).toBeTruthy()
    expect(screen.getByText('已超时，已提级督办，正在加快处理')).toBeTruthy()
    expect(screen.getByRole('timer').getAttribute('aria-label')).toBe('处置时限，已超时 3小时0分，已督办')
  })

  it('stops ticking once the ticket is handled', () => {
    render(<Countdown ticket={{ status: 'resolved', dueAt: iso(NOW + HOUR), overdue: false, escalated: false, resolvedAt: iso(NOW - MINUTE) }} formatDue={formatAbsolute} />)
    expect(timerText()).toBe('按期处置')
    expect(jest.getTimerCount()).toBe(0)
  })
})
