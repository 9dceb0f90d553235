/**
 * Filing a ticket: validate everything first (nothing is written on bad input), then insert the
 * ticket, its first event and its photos in one transaction. An Idempotency-Key makes a retried
 * submission return the ticket it already created instead of filing a second one.
 */
import type { FastifyInstance } from 'fastify'
import type { Insertable, Kysely } from 'kysely'
import type { ResolvedAddress } from '@contract/schemas'
import type { CreateTicketBody } from '@contract/tickets'
import { precompiled } from '../../db/precompiled'
import type { Database, TicketEventRow, TicketRow } from '../../db/schema'
import { query, runRead, transact, type Steps } from '../../db/steps'
import type { TicketsTable } from '../../db/tables/tickets'
import { ApiError } from '../../lib/api-error'
import { HOUR } from '../../lib/clock'
import { toWgs84 } from '../../lib/coords'
import { categorySteps } from '../categories'
import { queueRowOf } from '../console/queue'
import { isInvisibleOnly, moderatorFor } from '../moderation'
import { nextTicketNumber } from './numbers'
import { requireOwnPhotos } from './photos'
import { eventSteps, type Actor } from './transitions'

export interface CreateTicketInput extends CreateTicketBody {
  /** Default 'app', or 'facility' when the report names a facility. */
  source?: 'app' | 'open311' | 'facility'
  /** Open311 contact fields, kept private. */
  contact?: Record<string, string> | null
}

const ticketByKey = precompiled((db, p: { reporterId: number; key: string }) =>
  db.selectFrom('tickets').select('id').where('reporter_id', '=', p.reporterId).where('idempotency_key', '=', p.key),
)

/** Finds the ticket a user already filed with this key. */
function* findByKey(db: Kysely<Database>, reporterId: number, key: string): Steps<number | undefined> {
  const [row] = (yield* query(ticketByKey.query(db, { reporterId, key }))).rows
  return row?.id
}

/** What a filing wrote, for its answer (services/tickets/read newTicketDetail). */
export interface FiledTicket {
  ticket: TicketRow
  categoryName: string
  event: TicketEventRow
  photoIds: string[]
  /** Where it is, as resolved for the filing. */
  address: ResolvedAddress
}

type NewTicketValues = Omit<Insertable<TicketsTable>, 'status' | 'assignee_id' | 'created_at' | 'updated_at' | 'reopen_count' | 'follower_count'> & { at: string }

/** The new ticket's row, a query compiled once (db/precompiled): RETURNING it for the answer. */
const insertTicket = precompiled((db, p: NewTicketValues) =>
  db
    .insertInto('tickets')
    .values({
      number: p.number,
      reporter_id: p.reporter_id,
      category_id: p.category_id,
      status: 'submitted',
      description: p.description,
      lat: p.lat,
      lng: p.lng,
      street: p.street,
      community: p.community,
      grid_id: p.grid_id,
      address_note: p.address_note,
      source: p.source,
      facility_id: p.facility_id,
      assignee_id: null,
      idempotency_key: p.idempotency_key,
      contact: p.contact,
      due_at: p.due_at,
      created_at: p.at,
      updated_at: p.at,
      reopen_count: 0,
      follower_count: 0,
      share_public: p.share_public,
      moderation: p.moderation,
      moderation_reason: p.moderation_reason,
    })
    .returningAll(),
)

function isUniqueViolation(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message
  return typeof message === 'string' && /UNIQUE constraint failed|duplicate key/.test(message)
}

export async function createTicket(
  app: FastifyInstance,
  reporter: Actor & { id: number },
  input: CreateTicketInput,
  idempotencyKey: string | null,
): Promise<{ ticketId: number; created: boolean; filed?: FiledTicket }> {
  // Both reads at once (db/steps.ts: synchronous on SQLite).
  const { existing, category } = await runRead(app.database, function* (db) {
    const existing = idempotencyKey ? yield* findByKey(db, reporter.id, idempotencyKey) : undefined
    return { existing, category: existing ? undefined : yield* categorySteps(db, input.categoryId) }
  })
  if (existing) return { ticketId: existing, created: false }
  if (!category) throw ApiError.invalidField('body.categoryId', `unknown category "${input.categoryId}"`)
  if (isInvisibleOnly(input.description)) throw ApiError.invalidField('body.description', 'is made only of invisible characters')
  const description = input.description.trim()
  if (!description && (input.photoIds ?? []).length === 0) {
    throw ApiError.invalidField('body.description', 'describe the problem or attach at least one photo')
  }
  const point = toWgs84(input.location)
  const address = app.geo.resolve(point)
  if (!address) throw ApiError.invalidField('body.location', 'is outside the district', 'OUT_OF_DISTRICT')
  const photoIds = await requireOwnPhotos(app.db, reporter.id, input.photoIds ?? [])
  // A report made from a facility's page links to it (the facility's own problems, its history).
  if (input.facilityId && !(await app.facilities.row(input.facilityId))) {
    throw ApiError.invalidField('body.facilityId', `unknown facility "${input.facilityId}"`)
  }

  // The abuse filter: the report is filed, but held from public view until staff release it.
  const abuse = moderatorFor(app.config).abuseIn(description)

  const now = app.clock.now()
  const at = now.toISOString()
  try {
    // One transaction (db/steps.ts): synchronous on SQLite, through Kysely on PostgreSQL.
    const filed = await transact(app.database, function* (trx): Steps<FiledTicket> {
      const number = yield* nextTicketNumber(trx, now)
      const ticket = (
        yield* query(insertTicket.query(trx, {
          number,
          reporter_id: reporter.id,
          category_id: category.id,
          description,
          lat: point.lat,
          lng: point.lng,
          street: address.street,
          community: address.community,
          grid_id: address.gridId,
          address_note: input.address?.trim() || null,
          source: input.source ?? (input.facilityId ? 'facility' : 'app'),
          facility_id: input.facilityId ?? null,
          idempotency_key: idempotencyKey,
          contact: input.contact ? JSON.stringify(input.contact) : null,
          due_at: new Date(now.getTime() + category.slaHours * HOUR).toISOString(),
          at,
          share_public: input.sharePublicly ? 1 : 0,
          moderation: abuse.length ? 'held' : 'ok',
          moderation_reason: abuse.length ? `词表：${abuse.join('、')}` : null,
        }))
      ).rows[0]
      const event = yield* eventSteps(trx, { id: ticket.id, number, category_name: category.name }, 'created', reporter, 'submitted', {
        now,
        photoIds,
        // No followers or assignee yet: the live event concerns the reporter alone.
        userIds: [reporter.id],
        queueRow: queueRowOf(ticket, { category: category.name, grid: address.gridName }, now),
      })
      return { ticket, categoryName: category.name, event, photoIds, address }
    })
    app.ticketEvents.emit('created', filed.ticket.id)
    return { ticketId: filed.ticket.id, created: true, filed }
  } catch (error) {
    // Two retries racing with the same key: the loser returns the winner's ticket.
    if (idempotencyKey && isUniqueViolation(error)) {
      const existing = await runRead(app.database, (db) => findByKey(db, reporter.id, idempotencyKey))
      if (existing) return { ticketId: existing, created: false }
    }
    throw error
  }
}
