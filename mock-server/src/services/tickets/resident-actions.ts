/** What a resident does to a ticket after filing it: rate, appeal (reopen), follow (我也遇到). */
import type { FastifyInstance } from 'fastify'
import { REOPEN_WINDOW_DAYS, isOpen } from '@contract/lifecycle'
import type { RatingBody } from '@contract/tickets'
import { ApiError } from '../../lib/api-error'
import { DAY } from '../../lib/clock'
import type { SessionUser } from '../auth'
import { applyTransition, writeEventRow, type Actor } from './transitions'

export const actorOf = (user: SessionUser): Actor & { id: number } => ({ role: user.role, id: user.id, name: user.display_name })

/** The reporter's own ticket, or a 404 for anyone else (a 404 does not reveal that it exists). */
async function reportersTicket(app: FastifyInstance, ticketId: number, user: SessionUser) {
  const ticket = await app.db
    .selectFrom('tickets')
    .innerJoin('categories', 'categories.id', 'tickets.category_id')
    .select(['tickets.id', 'tickets.number', 'tickets.reporter_id', 'tickets.status', 'tickets.resolved_at', 'tickets.rating_score', 'categories.name as category_name'])
    .where('tickets.id', '=', ticketId)
    .executeTakeFirst()
  if (!ticket || ticket.reporter_id !== user.id) throw ApiError.notFound('Ticket')
  return ticket
}

/** A rating closes the ticket: only the reporter, only once resolved, only once. */
export async function rateTicket(app: FastifyInstance, ticketId: number, user: SessionUser, body: RatingBody): Promise<void> {
  const ticket = await reportersTicket(app, ticketId, user)
  if (ticket.rating_score !== null) throw new ApiError(409, 'CONFLICT', 'This ticket has already been rated')
  if (ticket.status !== 'resolved') throw new ApiError(409, 'INVALID_TRANSITION', `Only a resolved ticket can be rated; it is ${ticket.status}`)
  const now = app.clock.now()
  const tags = [...new Set(body.tags.map((tag) => tag.trim()).filter(Boolean))]
  await app.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('tickets')
      .set({ rating_score: body.score, rating_tags: JSON.stringify(tags), rating_comment: body.comment.trim(), rated_at: now.toISOString() })
      .where('id', '=', ticketId)
      .execute()
    const actor = actorOf(user)
    const note = [`${body.score}星`, ...tags, body.comment.trim()].filter(Boolean).join(' · ')
    await writeEventRow(trx, ticket, 'rated', actor, 'resolved', { now, note, from: 'resolved' })
    await applyTransition(trx, ticketId, 'close', actor, { now })
  })
}

/** The appeal (不满意，申请复核): back into the queue within the reopen window. */
export async function reopenTicket(app: FastifyInstance, ticketId: number, user: SessionUser, reason: string): Promise<void> {
  const ticket = await reportersTicket(app, ticketId, user)
  const now = app.clock.now()
  if (ticket.status === 'resolved' && ticket.resolved_at && now.getTime() > Date.parse(ticket.resolved_at) + REOPEN_WINDOW_DAYS * DAY) {
    throw new ApiError(409, 'INVALID_TRANSITION', `Appeals are possible within ${REOPEN_WINDOW_DAYS} days of resolution`)
  }
  await app.db.transaction().execute((trx) => applyTransition(trx, ticketId, 'reopen', actorOf(user), { now, note: reason.trim() }))
  app.ticketEvents.emit('reopened', ticketId)
}

/** 我也遇到: follow an open ticket once; the follower count goes up once per resident. */
export async function followTicket(app: FastifyInstance, ticketId: number, user: SessionUser) {
  const ticket = await app.db.selectFrom('tickets').select(['id', 'status', 'reporter_id', 'follower_count']).where('id', '=', ticketId).executeTakeFirst()
  if (!ticket) throw ApiError.notFound('Ticket')
  if (ticket.reporter_id === user.id) throw new ApiError(409, 'CONFLICT', 'You reported this ticket; you already follow it')
  if (!isOpen(ticket.status)) throw new ApiError(409, 'INVALID_TRANSITION', 'Only open tickets can be followed')
  return app.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('ticket_followers')
      .values({ ticket_id: ticketId, user_id: user.id, created_at: app.clock.now().toISOString() })
      .onConflict((oc) => oc.columns(['ticket_id', 'user_id']).doNothing())
      .executeTakeFirst()
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
      await trx.updateTable('tickets').set((eb) => ({ follower_count: eb('follower_count', '+', 1) })).where('id', '=', ticketId).execute()
    }
    const row = await trx.selectFrom('tickets').select('follower_count').where('id', '=', ticketId).executeTakeFirstOrThrow()
    return { following: true, followerCount: row.follower_count }
  })
}
