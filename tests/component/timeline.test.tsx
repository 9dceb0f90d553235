/** The ticket timeline: every step with who, when (relative and exact, China time), notes and photos. */
import { fireEvent, render, screen, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import Timeline from '@/packages/ticket/components/Timeline'
import { formatAbsolute, formatRelative, formatWhen } from '@/packages/ticket/lib/time'
import { listTime } from '@/pages/tickets/lib/listTime'
import { HOUR, MINUTE, NOW, event, photo, resolvedTicket } from './tickets.fixtures'

beforeEach(() => jest.clearAllMocks())

describe('time formatting', () => {
  it('reads relative time in Chinese and exact time in Guangzhou, whatever the machine zone', () => {
    expect(formatRelative(NOW - 3 * HOUR, NOW)).toBe('3 小时前')
    expect(formatRelative(NOW - 20 * 1000, NOW)).toBe('几秒前')
    expect(formatRelative(NOW + 2 * 24 * HOUR, NOW)).toBe('2 天内')
    // 02:00 UTC is 10:00 in Guangzhou
    expect(formatAbsolute(NOW, NOW)).toBe('11月25日 10:00')
    expect(formatAbsolute('2025-12-31T17:30:00Z', NOW)).toBe('1月1日 01:30') // already 2026 in Guangzhou
    expect(formatAbsolute('2025-06-01T00:00:00Z', NOW)).toBe('2025年6月1日 08:00')
    expect(formatWhen(NOW - 90 * MINUTE, NOW)).toBe('2 小时前 · 11月25日 08:30')
  })

  it('gives the list short dates by the calendar in Guangzhou', () => {
    expect(listTime(NOW - 5 * MINUTE, NOW)).toBe('今天 09:55')
    expect(listTime('2026-11-24T15:59:00Z', NOW)).toBe('昨天 23:59')
    expect(listTime('2026-11-24T16:00:00Z', NOW)).toBe('今天 00:00') // midnight in Guangzhou
    expect(listTime('2026-11-03T04:00:00Z', NOW)).toBe('11月3日')
    expect(listTime('2025-11-03T04:00:00Z', NOW)).toBe('2025年11月3日')
  })
})

describe('Timeline', () => {
  const ticket = resolvedTicket()

  it('lists every event, newest first, with its label', () => {
    render(<Timeline events={ticket.events} now={NOW} />)
    const items = within(screen.getByRole('list', { name: '处理进度' })).getAllByRole('listitem')
    expect(items.map((item) => item.querySelector('.timeline__title')?.textContent)).toEqual(['处置完成', '开始处置', '派遣', '受理', '提交上报'])
  })

  it('names who acted: the worker by name, the platform as 系统', () => {
    render(<Timeline events={ticket.events} now={NOW} />)
    const [resolved, started, dispatched, accepted] = screen.getAllByRole('listitem')
    expect(within(resolved).getByText('作业人员 王师傅')).toBeTruthy()
    expect(within(started).getByText('作业人员 王师傅')).toBeTruthy()
    expect(within(dispatched).getByText('调度员 李调度')).toBeTruthy()
    expect(within(accepted).getByText('系统')).toBeTruthy()
    expect(within(screen.getAllByRole('listitem')[4]).getByText('市民 张女士')).toBeTruthy()
  })

  it('does not repeat the role of a resident named after it', () => {
    render(<Timeline events={[event(1, 'created', NOW, { actorRole: 'resident', actorName: '市民0360' })]} now={NOW} />)
    expect(screen.getByText('市民0360')).toBeTruthy()
    expect(screen.queryByText('市民 市民0360')).toBeNull()
  })

  it('shows each time relative and exact', () => {
    render(<Timeline events={ticket.events} now={NOW} />)
    const [resolved, , , , created] = screen.getAllByRole('listitem')
    expect(within(resolved).getByText('1 小时前')).toBeTruthy()
    expect(within(resolved).getByText('11月25日 09:00')).toBeTruthy()
    expect(within(created).getByText('3 小时前')).toBeTruthy()
    expect(within(created).getByText('11月25日 07:00')).toBeTruthy()
  })

  it('shows the rectification notes and the appeal reason for what they are', () => {
    const events = [
      ...ticket.events,
      event(6, 'reopened', NOW - 10 * MINUTE, { actorRole: 'resident', actorName: '张女士', status: 'reopened', note: '垃圾又堆起来了' }),
    ]
    render(<Timeline events={events} now={NOW} />)
    expect(screen.getByText('整改说明：已清理现场并冲洗地面')).toBeTruthy()
    const [appeal] = screen.getAllByRole('listitem')
    expect(within(appeal).getByText('申请复核')).toBeTruthy()
    expect(within(appeal).getByText('复核原因：垃圾又堆起来了')).toBeTruthy()
    expect(within(appeal).getByText('10 分钟前')).toBeTruthy()
  })

  it("opens the event's photos full size when one is tapped", () => {
    const events = [event(1, 'resolved', NOW, { actorRole: 'worker', actorName: '王师傅', photos: [photo('a'), photo('b')] })]
    render(<Timeline events={events} now={NOW} />)
    fireEvent.click(screen.getByRole('button', { name: '处置完成照片2，点击查看大图' }))
    expect(Taro.previewImage).toHaveBeenCalledWith({
      urls: ['http://127.0.0.1:3000/media/a.jpg', 'http://127.0.0.1:3000/media/b.jpg'],
      current: 'http://127.0.0.1:3000/media/b.jpg',
    })
  })
})
