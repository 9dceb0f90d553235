/** Ticket data shaped like the API's answers, for the 我的工单 component tests. */
import type { Message, TicketDetail, TicketEvent, TicketSummary } from '@contract/tickets'
import type { Photo } from '@contract/uploads'

/** 2026-11-25 10:00 in Guangzhou. */
export const NOW = Date.parse('2026-11-25T02:00:00Z')
export const iso = (ms: number) => new Date(ms).toISOString()
export const MINUTE = 60_000
export const HOUR = 60 * MINUTE

export const photo = (id: string): Photo => ({ id, url: `/media/${id}.jpg`, thumbUrl: `/media/${id}.thumb.jpg`, width: 800, height: 600 })

export function event(id: number, type: TicketEvent['type'], at: number, overrides: Partial<TicketEvent> = {}): TicketEvent {
  return { id, type, actorRole: 'system', actorName: '系统', at: iso(at), note: null, status: 'submitted', photos: [], ...overrides }
}

/** A ticket filed 3 hours ago, resolved by 王师傅 an hour ago, with before and after photos. */
export function resolvedTicket(overrides: Partial<TicketDetail> = {}): TicketDetail {
  const created = NOW - 3 * HOUR
  return {
    id: 7,
    number: 'BY20261125-0007',
    status: 'resolved',
    categoryId: 'exposed_garbage',
    categoryName: '暴露垃圾',
    description: '路边有成堆垃圾',
    createdAt: iso(created),
    updatedAt: iso(NOW - HOUR),
    dueAt: iso(created + 24 * HOUR),
    overdue: false,
    escalated: false,
    followerCount: 0,
    location: { lat: 23.17, lng: 113.275 },
    address: { street: '景泰街', community: '景泰社区', gridId: 'G1', gridName: '景泰一网格', text: '广州市白云区景泰街景泰社区' },
    addressNote: '公交站旁',
    photos: [photo('before1')],
    afterPhotos: [photo('after1')],
    resolvedAt: iso(NOW - HOUR),
    closedAt: null,
    reopenCount: 0,
    assignee: { id: 3, name: '王师傅' },
    rating: null,
    relation: 'reporter',
    following: false,
    canRate: true,
    canReopen: true,
    reopenUntil: iso(NOW + 7 * 24 * HOUR),
    rejectReason: null,
    source: 'app',
    events: [
      event(1, 'created', created, { actorRole: 'resident', actorName: '张女士', note: '路边有成堆垃圾', photos: [photo('before1')] }),
      event(2, 'accepted', created + 5 * MINUTE, { status: 'accepted' }),
      event(3, 'dispatched', created + 10 * MINUTE, { actorRole: 'dispatcher', actorName: '李调度', status: 'dispatched' }),
      event(4, 'started', NOW - 2 * HOUR, { actorRole: 'worker', actorName: '王师傅', status: 'in_progress' }),
      event(5, 'resolved', NOW - HOUR, { actorRole: 'worker', actorName: '王师傅', status: 'resolved', note: '已清理现场并冲洗地面', photos: [photo('after1')] }),
    ],
    ...overrides,
  }
}

export function summary(id: number, overrides: Partial<TicketSummary> = {}): TicketSummary {
  return {
    id,
    number: `BY20261125-${String(id).padStart(4, '0')}`,
    status: 'in_progress',
    categoryId: 'exposed_garbage',
    categoryName: '暴露垃圾',
    description: '路边有成堆垃圾',
    createdAt: iso(NOW - id * HOUR),
    updatedAt: iso(NOW - id * HOUR),
    dueAt: iso(NOW + HOUR),
    overdue: false,
    escalated: false,
    followerCount: 0,
    addressText: '广州市白云区景泰街景泰社区',
    thumbUrl: null,
    relation: 'reporter',
    rated: false,
    ...overrides,
  }
}

export function message(id: number, overrides: Partial<Message> = {}): Message {
  return {
    id,
    ticketId: 7,
    ticketNumber: 'BY20261125-0007',
    title: '工单已处置',
    body: '您上报的BY20261125-0007已处置完成，请评价',
    createdAt: iso(NOW - id * MINUTE),
    read: false,
    ...overrides,
  }
}
