/**
 * The console drawer's own actions (accept, dispatch and reject are the existing ops routes):
 * worker suggestions for (re)assignment, merge as duplicate, and a public reply to the resident
 * (an in-app message and, through the subscribe-message outbox, a 工单回复 notice in WeChat).
 * Merge is the lifecycle's reject (reason duplicate) plus the record of the kept ticket, all in
 * one transaction; every status change goes through applyTransition.
 */
import type { FastifyInstance } from 'fastify'
import { STATUS_LABELS, TRANSITIONS, checkTransition, isOpen } from '@contract/lifecycle'
import type { WorkerSuggestion } from '@contract/console'
import type { CoordSystem } from '@contract/schemas'
import { runSteps } from '../../db/steps'
import { ApiError } from '../../lib/api-error'
import { fromWgs84 } from '../../lib/coords'
import { queueSubscribeMessages } from '../notifications/queue'
import { onDutyWorkersByDistance } from '../tickets/dispatch'
import { applyTransition, writeEventRow, type Actor } from '../tickets/transitions'

export const SUGGESTION_COUNT = 5

/** The nearest on-duty workers (by their last position) with their current load. */
export async function suggestWorkers(app: FastifyInstance, ticketId: number, coordSystem: CoordSystem = 'gcj02'): Promise<WorkerSuggestion[]> {
  const { ticket, ranked } = await onDutyWorkersByDistance(app, ticketId)
  const nearest = ranked.slice(0, SUGGESTION_COUNT)
  if (!nearest.length) return []
  const loads = await app.db
    .selectFrom('tickets')
    .select(['assignee_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ['dispatched', 'in_progress'])
    .where(
      'assignee_id',
      'in',
      nearest.map(({ worker }) => worker.id),
    )
    .groupBy('assignee_id')
    .execute()
  const load = new Map(loads.map((row) => [row.assignee_id, Number(row.n)]))
  return nearest.map(({ worker, distance }) => ({
    workerId: worker.id,
    name: worker.display_name,
    gridId: worker.grid_id,
    sameGrid: worker.grid_id === ticket.grid_id,
    distanceMeters: Math.round(distance),
    activeTickets: load.get(worker.id) ?? 0,
    location: fromWgs84({ lat: worker.lat, lng: worker.lng }, coordSystem),
  }))
}

const MERGEABLE = TRANSITIONS.reject.from.map((status) => STATUS_LABELS[status]).join('、')

/**
 * Merge `ticketId` as a duplicate of `intoId`: the duplicate is rejected (reason duplicate) with a
 * note naming the kept ticket, which its reporter and followers now follow (they are told by the
 * rejection's message); the kept ticket's timeline records the merge.
 */
export async function mergeTicket(app: FastifyInstance, ticketId: number, intoId: number, actor: Actor, note?: string): Promise<void> {
  if (intoId === ticketId) throw ApiError.invalidField('body.intoId', 'cannot merge a ticket into itself')
  const now = app.clock.now()
  await app.db.transaction().execute(async (trx) => {
    const load = (id: number) =>
      trx
        .selectFrom('tickets')
        .innerJoin('categories', 'categories.id', 'tickets.category_id')
        .select(['tickets.id', 'tickets.number', 'tickets.status', 'tickets.reporter_id', 'categories.name as category_name'])
        .where('tickets.id', '=', id)
        .executeTakeFirst()
    const duplicate = await load(ticketId)
    if (!duplicate) throw ApiError.notFound('Ticket')
    const kept = await load(intoId)
    if (!kept) throw ApiError.invalidField('body.intoId', `no ticket with id ${intoId}`)
    const check = checkTransition(duplicate.status, 'reject', actor.role)
    if (!check.ok && check.reason === 'invalid_state') {
      throw new ApiError(409, 'INVALID_TRANSITION', `Ticket ${duplicate.number} is ${duplicate.status}: only tickets that are ${TRANSITIONS.reject.from.join(', ')} (${MERGEABLE}) can be merged as duplicates`)
    }
    if (!isOpen(kept.status)) {
      throw new ApiError(409, 'INVALID_TRANSITION', `Ticket ${kept.number} is ${kept.status}: merge into a ticket that is still open`)
    }

    const text = note?.trim() || `重复上报，已并入工单 ${kept.number}，您已自动关注该工单，处理进展将通知您`
    await applyTransition(trx, ticketId, 'reject', actor, { now, note: text, patch: { reject_reason: 'duplicate' } })
    await trx.insertInto('ticket_merges').values({ ticket_id: ticketId, into_id: intoId, actor_id: actor.id, created_at: now.toISOString() }).execute()

    const followers = await trx.selectFrom('ticket_followers').select('user_id').where('ticket_id', '=', ticketId).execute()
    const movers = [...new Set([duplicate.reporter_id, ...followers.map((f) => f.user_id)])].filter((userId) => userId !== kept.reporter_id)
    let added = 0
    for (const userId of movers) {
      const inserted = await trx
        .insertInto('ticket_followers')
        .values({ ticket_id: intoId, user_id: userId, created_at: now.toISOString() })
        .onConflict((oc) => oc.columns(['ticket_id', 'user_id']).doNothing())
        .executeTakeFirst()
      added += Number(inserted.numInsertedOrUpdatedRows ?? 0)
    }
    if (added) await trx.updateTable('tickets').set((eb) => ({ follower_count: eb('follower_count', '+', added) })).where('id', '=', intoId).execute()
    await writeEventRow(trx, kept, 'merged', actor, kept.status, {
      now,
      from: kept.status,
      note: `并入重复工单 ${duplicate.number}${added ? `，${added}位市民转为关注者` : ''}`,
    })
  })
}

/**
 * A public reply: a timeline event, a message in the reporter's messages and the reporter's
 * 工单回复 subscribe message queued in the outbox, all in one transaction (the sender sends it
 * only with a credit for the reply template, like every other notice).
 */
export async function replyToResident(app: FastifyInstance, ticketId: number, actor: Actor, text: string): Promise<void> {
  const body = text.trim()
  if (!body) throw ApiError.invalidField('body.text', 'must not be blank')
  const now = app.clock.now()
  await app.db.transaction().execute(async (trx) => {
    const ticket = await trx
      .selectFrom('tickets')
      .innerJoin('categories', 'categories.id', 'tickets.category_id')
      .select(['tickets.id', 'tickets.number', 'tickets.status', 'tickets.reporter_id', 'categories.name as category_name'])
      .where('tickets.id', '=', ticketId)
      .executeTakeFirst()
    if (!ticket) throw ApiError.notFound('Ticket')
    const event = await writeEventRow(trx, ticket, 'replied', actor, ticket.status, { now, from: ticket.status, note: body })
    await trx
      .insertInto('messages')
      .values({
        user_id: ticket.reporter_id,
        ticket_id: ticket.id,
        event_id: event.id,
        title: `${actor.name}回复`,
        body: `「${ticket.category_name}」工单 ${ticket.number}：${body}`,
        created_at: now.toISOString(),
        read_at: null,
      })
      .execute()
    await runSteps(
      trx,
      queueSubscribeMessages(
        trx,
        {
          ticketId: ticket.id,
          eventId: event.id,
          type: 'replied',
          status: ticket.status,
          number: ticket.number,
          categoryName: ticket.category_name,
          note: body,
          at: now.toISOString(),
          actorId: actor.id,
        },
        { reporterId: ticket.reporter_id, all: new Set([ticket.reporter_id]) },
      ),
    )
  })
}
