/** Which subscribe messages a ticket's events produced, for its page (a resident sees their own). */
import type { FastifyInstance } from 'fastify'
import type { TicketNotification } from '@contract/notifications'
import { ApiError } from '../../lib/api-error'
import type { SessionUser } from '../auth'

export async function listTicketNotifications(app: FastifyInstance, ticketId: number, viewer: SessionUser): Promise<TicketNotification[]> {
  const ticket = await app.db.selectFrom('tickets').select(['id', 'reporter_id']).where('id', '=', ticketId).executeTakeFirst()
  if (!ticket) throw ApiError.notFound('Ticket')
  const staff = viewer.role !== 'resident'
  if (!staff && ticket.reporter_id !== viewer.id) {
    const follows = await app.db.selectFrom('ticket_followers').select('user_id').where('ticket_id', '=', ticketId).where('user_id', '=', viewer.id).executeTakeFirst()
    if (!follows) throw ApiError.notFound('Ticket')
  }
  let query = app.db
    .selectFrom('notifications')
    .select(['id', 'event_type', 'kind', 'state', 'reason', 'user_id', 'attempts', 'created_at', 'sent_at'])
    .where('ticket_id', '=', ticketId)
  if (!staff) query = query.where('user_id', '=', viewer.id)
  const rows = await query.orderBy('id').execute()
  return rows.map((row) => ({
    id: row.id,
    eventType: row.event_type,
    kind: row.kind,
    state: row.state,
    reason: row.reason,
    recipientId: row.user_id,
    attempts: row.attempts,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  }))
}
