/**
 * In-app notifications: every status change reaches the reporter and the followers, written in
 * the same transaction as the event, so a message never exists without its event (or vice versa).
 * The WeChat subscribe messages (服务通知) are queued in the same transaction (notifications/queue).
 */
import type { Kysely, Transaction } from 'kysely'
import { EVENT_LABELS, STATUS_LABELS, type TicketEventType, type TicketStatus } from '@contract/lifecycle'
import type { Database } from '../../db/schema'
import { query, type Steps } from '../../db/steps'
import { queueSubscribeMessages } from '../notifications/queue'

/** Events a resident wants to hear about. */
const NOTIFIED: ReadonlySet<TicketEventType> = new Set(['accepted', 'dispatched', 'started', 'resolved', 'closed', 'rejected', 'reopened', 'escalated'])

export interface NotifyInput {
  ticketId: number
  eventId: number
  type: TicketEventType
  status: TicketStatus
  number: string
  categoryName: string
  note: string | null
  at: string
  /** The user who caused the event is not told about it. */
  actorId: number | null
}

export function messageText(input: Pick<NotifyInput, 'type' | 'status' | 'number' | 'categoryName' | 'note'>) {
  const subject = `「${input.categoryName}」工单 ${input.number}`
  const bodies: Partial<Record<TicketEventType, string>> = {
    accepted: `${subject}已受理，正在安排处置。`,
    dispatched: `${subject}已${input.note ?? '派遣作业人员处置'}。`,
    started: `${subject}作业人员已到场处置。`,
    resolved: `${subject}已处置完成，请查看整改照片并评价。`,
    closed: `${subject}已办结，感谢您的参与。`,
    rejected: `${subject}不予受理${input.note ? `：${input.note}` : '。'}`,
    reopened: `${subject}已申请复核，将重新派遣处置。`,
    escalated: `${subject}已超过处置时限，已督办。`,
  }
  return { title: `${EVENT_LABELS[input.type]} · ${STATUS_LABELS[input.status]}`, body: bodies[input.type] ?? subject }
}

export function* notifyTicketWatchers(trx: Kysely<Database> | Transaction<Database>, input: NotifyInput): Steps<void> {
  if (!NOTIFIED.has(input.type)) return
  const [ticket] = (yield* query(trx.selectFrom('tickets').select('reporter_id').where('id', '=', input.ticketId))).rows
  if (!ticket) throw new Error(`notifyTicketWatchers: no ticket ${input.ticketId}`)
  const followers = (yield* query(trx.selectFrom('ticket_followers').select('user_id').where('ticket_id', '=', input.ticketId))).rows
  const recipients = new Set([ticket.reporter_id, ...followers.map((f) => f.user_id)])
  if (input.actorId !== null) recipients.delete(input.actorId)
  if (recipients.size === 0) return
  const { title, body } = messageText(input)
  yield* query(
    trx.insertInto('messages').values(
      [...recipients].map((userId) => ({
        user_id: userId,
        ticket_id: input.ticketId,
        event_id: input.eventId,
        title,
        body,
        created_at: input.at,
        read_at: null,
      })),
    ),
  )
  yield* queueSubscribeMessages(trx, input, { reporterId: ticket.reporter_id, all: recipients })
}
