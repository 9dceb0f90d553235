/** What a worker does on the street: start the job, finish it with after-photos, report positions. */
import type { FastifyInstance } from 'fastify'
import type { LocationInput } from '@contract/schemas'
import { ApiError } from '../../lib/api-error'
import { toWgs84 } from '../../lib/coords'
import type { SessionUser } from '../auth'
import { requireOwnPhotos } from './photos'
import { actorOf } from './resident-actions'
import { applyTransition } from './transitions'

async function assignedTicket(app: FastifyInstance, ticketId: number, worker: SessionUser) {
  const ticket = await app.db.selectFrom('tickets').select(['id', 'assignee_id']).where('id', '=', ticketId).executeTakeFirst()
  if (!ticket) throw ApiError.notFound('Ticket')
  if (ticket.assignee_id !== worker.id) throw new ApiError(403, 'FORBIDDEN', 'This ticket is assigned to another worker')
  return ticket
}

export async function startWork(app: FastifyInstance, ticketId: number, worker: SessionUser, note?: string): Promise<void> {
  await assignedTicket(app, ticketId, worker)
  await app.db.transaction().execute((trx) =>
    applyTransition(trx, ticketId, 'start', actorOf(worker), { now: app.clock.now(), note: note ?? '已到达现场，开始处置' }),
  )
}

export async function resolveWork(app: FastifyInstance, ticketId: number, worker: SessionUser, note: string, photoIds: string[]): Promise<void> {
  await assignedTicket(app, ticketId, worker)
  const unique = await requireOwnPhotos(app.db, worker.id, photoIds)
  await app.db.transaction().execute((trx) =>
    applyTransition(trx, ticketId, 'resolve', actorOf(worker), { now: app.clock.now(), note: note.trim(), photoIds: unique }),
  )
}

/** Records where a worker is; with a ticket id the point becomes part of that ticket's track. */
export async function recordPosition(app: FastifyInstance, worker: SessionUser, location: LocationInput, ticketId?: number): Promise<void> {
  const point = toWgs84(location)
  if (ticketId !== undefined) await assignedTicket(app, ticketId, worker)
  const at = app.clock.now().toISOString()
  await app.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ lat: point.lat, lng: point.lng }).where('id', '=', worker.id).execute()
    await trx
      .insertInto('worker_positions')
      .values({ worker_id: worker.id, ticket_id: ticketId ?? null, lat: point.lat, lng: point.lng, recorded_at: at })
      .execute()
  })
}
