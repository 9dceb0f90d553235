/**
 * The only code that changes a ticket's status. It asks the shared lifecycle whether the move is
 * allowed for the actor's role, updates the row guarded by the status it read, and writes the
 * timeline event and the notifications in the same transaction.
 */
import type { Insertable, Kysely, Transaction, Updateable } from 'kysely'
import {
  EVENT_OF_ACTION,
  checkTransition,
  type ActorRole,
  type TicketAction,
  type TicketEventType,
  type TicketStatus,
} from '@contract/lifecycle'
import type { OpsTicketRow } from '@contract/console'
import type { Database, TicketEventRow, TicketRow } from '../../db/schema'
import { precompiled } from '../../db/precompiled'
import { query, runSteps, type Steps } from '../../db/steps'
import type { TicketEventsTable, TicketsTable } from '../../db/tables/tickets'
import { ApiError } from '../../lib/api-error'
import { HOUR } from '../../lib/clock'
import { attachUploadsSteps } from '../uploads'
import { appendTicketLiveEvent } from '../live-events'
import { notifyTicketWatchers } from './notify'

export interface Actor {
  role: ActorRole
  id: number | null
  name: string
}

export const SYSTEM_ACTOR: Actor = { role: 'system', id: null, name: '系统' }

export interface TransitionOptions {
  now: Date
  note?: string | null
  /** Photos attached to the event (a worker's after-photos). */
  photoIds?: string[]
  /** Extra columns the action sets (the assignee of a dispatch, the reason of a rejection). */
  patch?: Updateable<TicketsTable>
}

async function loadTicket(trx: Transaction<Database>, ticketId: number) {
  const ticket = await trx
    .selectFrom('tickets')
    .innerJoin('categories', 'categories.id', 'tickets.category_id')
    .selectAll('tickets')
    .select(['categories.name as category_name', 'categories.sla_hours'])
    .where('tickets.id', '=', ticketId)
    .executeTakeFirst()
  if (!ticket) throw ApiError.notFound('Ticket')
  return ticket
}

/** Columns that follow from the action itself, so callers cannot forget them. */
function impliedPatch(action: TicketAction, ticket: TicketRow & { sla_hours: number }, now: Date): Updateable<TicketsTable> {
  const at = now.toISOString()
  switch (action) {
    case 'resolve':
      return { resolved_at: at }
    case 'close':
    case 'reject':
      return { closed_at: at }
    case 'reopen':
      // Back into the queue with a fresh deadline; the old resolution stays in the timeline.
      return {
        reopen_count: ticket.reopen_count + 1,
        resolved_at: null,
        assignee_id: null,
        escalated_at: null,
        due_at: new Date(now.getTime() + ticket.sla_hours * HOUR).toISOString(),
      }
    default:
      return {}
  }
}

type EventOptions = {
  now: Date
  note?: string | null
  from?: TicketStatus | null
  photoIds?: string[]
  /** The users the ticket concerns, when known (a new ticket: its reporter), for the live event. */
  userIds?: number[]
  /** The ticket's queue row, when known (a new ticket), for the live event. */
  queueRow?: OpsTicketRow
}

type EventTicket = { id: number; number: string; category_name: string }

/** Every change writes one: compiled once (db/precompiled, #19). */
const insertEvent = precompiled((db, p: Insertable<TicketEventsTable>) =>
  db
    .insertInto('ticket_events')
    .values({
      ticket_id: p.ticket_id,
      type: p.type,
      actor_role: p.actor_role,
      actor_id: p.actor_id,
      actor_name: p.actor_name,
      note: p.note,
      from_status: p.from_status,
      to_status: p.to_status,
      created_at: p.created_at,
    })
    .returningAll(),
)

/**
 * The timeline event of a change, with its photos, the watchers' notifications and the live event,
 * as steps of the change's transaction (db/steps.ts); answers the row it wrote (a new ticket's
 * answer is built from it, #19).
 */
export function* eventSteps(
  trx: Kysely<Database> | Transaction<Database>,
  ticket: EventTicket,
  type: TicketEventType,
  actor: Actor,
  status: TicketStatus,
  options: EventOptions,
): Steps<TicketEventRow> {
  const at = options.now.toISOString()
  const [event] = (
    yield* query(
      insertEvent.query(trx, {
        ticket_id: ticket.id,
        type,
        actor_role: actor.role,
        actor_id: actor.id,
        actor_name: actor.name,
        note: options.note ?? null,
        from_status: options.from ?? null,
        to_status: status,
        created_at: at,
      }),
    )
  ).rows
  if (options.photoIds?.length) {
    const attached = yield* attachUploadsSteps(trx, options.photoIds, ticket.id, event.id)
    // Another request took one of the photos since it was checked: roll the whole change back.
    if (attached !== new Set(options.photoIds).size) throw new ApiError(409, 'CONFLICT', 'A photo was attached elsewhere meanwhile; try again')
  }
  yield* notifyTicketWatchers(trx, {
    ticketId: ticket.id,
    eventId: event.id,
    type,
    status,
    number: ticket.number,
    categoryName: ticket.category_name,
    note: options.note ?? null,
    at,
    actorId: actor.id,
  })
  // The console's live stream: the ticket's new state, committed with the change (plugins/events.ts).
  yield* appendTicketLiveEvent(trx, ticket.id, type, options.now, options.userIds, options.queueRow)
  return event
}

/** eventSteps in the caller's transaction, through Kysely. */
export function writeEventRow(
  trx: Transaction<Database>,
  ticket: EventTicket,
  type: TicketEventType,
  actor: Actor,
  status: TicketStatus,
  options: EventOptions,
): Promise<TicketEventRow> {
  return runSteps(trx, eventSteps(trx, ticket, type, actor, status, options))
}

export async function applyTransition(
  trx: Transaction<Database>,
  ticketId: number,
  action: TicketAction,
  actor: Actor,
  options: TransitionOptions,
): Promise<{ status: TicketStatus; eventId: number }> {
  const ticket = await loadTicket(trx, ticketId)
  const check = checkTransition(ticket.status, action, actor.role)
  if (!check.ok) {
    if (check.reason === 'forbidden_role') throw new ApiError(403, 'FORBIDDEN', `A ${actor.role} may not ${action} a ticket`)
    throw new ApiError(409, 'INVALID_TRANSITION', `Cannot ${action} a ticket that is ${ticket.status}`)
  }
  const result = await trx
    .updateTable('tickets')
    .set({ ...impliedPatch(action, ticket, options.now), ...options.patch, status: check.to, updated_at: options.now.toISOString() })
    .where('id', '=', ticketId)
    .where('status', '=', ticket.status)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) throw new ApiError(409, 'CONFLICT', 'The ticket changed meanwhile; reload it')
  const event = await writeEventRow(trx, ticket, EVENT_OF_ACTION[action], actor, check.to, {
    now: options.now,
    note: options.note,
    from: ticket.status,
    photoIds: options.photoIds,
  })
  return { status: check.to, eventId: event.id }
}
