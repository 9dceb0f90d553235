/**
 * Dispatch: accept a ticket and hand it to a worker. Without a chosen worker it picks the nearest
 * on-duty worker of the ticket's grid (by the worker's last position), falling back to the nearest
 * on-duty worker anywhere, so no ticket waits because one grid is short-staffed.
 */
import type { FastifyInstance } from 'fastify'
import { ApiError } from '../../lib/api-error'
import { distanceMeters } from '../../lib/coords'
import { applyTransition, type Actor } from './transitions'

/**
 * The ticket and every on-duty worker with a known position (WGS-84), nearest first (ties by id):
 * what automatic dispatch picks from and what the console suggests.
 */
export async function onDutyWorkersByDistance(app: FastifyInstance, ticketId: number) {
  const ticket = await app.db.selectFrom('tickets').select(['lat', 'lng', 'grid_id']).where('id', '=', ticketId).executeTakeFirst()
  if (!ticket) throw ApiError.notFound('Ticket')
  const workers = await app.db
    .selectFrom('users')
    .select(['id', 'display_name', 'grid_id', 'lat', 'lng'])
    .where('role', '=', 'worker')
    .where('on_duty', '=', 1)
    .where('lat', 'is not', null)
    .where('lng', 'is not', null)
    .execute()
  const ranked = workers
    .map((worker) => ({ worker: { ...worker, lat: worker.lat!, lng: worker.lng! }, distance: distanceMeters(ticket, { lat: worker.lat!, lng: worker.lng! }) }))
    .sort((a, b) => a.distance - b.distance || a.worker.id - b.worker.id)
  return { ticket, ranked }
}

export async function pickWorker(app: FastifyInstance, ticketId: number): Promise<{ id: number; display_name: string } | undefined> {
  const { ticket, ranked } = await onDutyWorkersByDistance(app, ticketId)
  return (ranked.find(({ worker }) => worker.grid_id === ticket.grid_id) ?? ranked[0])?.worker
}

/** Accepts the ticket if needed, then dispatches it; returns the worker. */
export async function dispatchTicket(
  app: FastifyInstance,
  ticketId: number,
  actor: Actor,
  options: { workerId?: number; note?: string } = {},
): Promise<{ id: number; display_name: string }> {
  const worker = options.workerId
    ? await app.db.selectFrom('users').select(['id', 'display_name', 'role']).where('id', '=', options.workerId).executeTakeFirst()
    : await pickWorker(app, ticketId)
  if (!worker || ('role' in worker && worker.role !== 'worker')) {
    throw options.workerId
      ? ApiError.invalidField('body.workerId', 'is not a worker')
      : new ApiError(409, 'CONFLICT', 'No worker is on duty to take this ticket')
  }
  const now = app.clock.now()
  await app.db.transaction().execute(async (trx) => {
    const { status } = await trx.selectFrom('tickets').select('status').where('id', '=', ticketId).executeTakeFirstOrThrow()
    if (status === 'submitted') await applyTransition(trx, ticketId, 'accept', actor, { now })
    await applyTransition(trx, ticketId, 'dispatch', actor, {
      now,
      note: options.note ?? `派遣给作业人员${worker.display_name}`,
      patch: { assignee_id: worker.id },
    })
  })
  return { id: worker.id, display_name: worker.display_name }
}
