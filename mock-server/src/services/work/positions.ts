/**
 * Position batches from the app (one per 10 s at most while on duty). Points are ordered by their
 * time; a point implying more than MAX_WORKER_SPEED_KMH from the previous kept point (GPS jumps)
 * is dropped and counted, never drawn. Kept points extend the track of the ticket the worker is
 * on, the same worker_positions rows the resident's and the console's maps draw.
 */
import type { FastifyInstance } from 'fastify'
import type { PositionBatchBody, PositionBatchResponse } from '@contract/work'
import { MAX_WORKER_SPEED_KMH } from '@contract/work-limits'
import { ApiError } from '../../lib/api-error'
import { distanceMeters, toWgs84 } from '../../lib/coords'
import type { SessionUser } from '../auth'
import { appendWorkerPosition } from '../live-events'
import { ACTIVE_WORK_STATUSES, assignedTicket } from './tasks'

const MAX_MPS = (MAX_WORKER_SPEED_KMH * 1000) / 3600

/** The ticket a worker's positions belong to: the one in progress, else the latest dispatched. */
async function currentTicketId(app: FastifyInstance, worker: SessionUser): Promise<number | null> {
  const rows = await app.db
    .selectFrom('tickets')
    .select(['id', 'status'])
    .where('assignee_id', '=', worker.id)
    .where('status', 'in', ACTIVE_WORK_STATUSES)
    .orderBy('updated_at', 'desc')
    .execute()
  return (rows.find((row) => row.status === 'in_progress') ?? rows[0])?.id ?? null
}

export async function recordPositionBatch(app: FastifyInstance, worker: SessionUser, body: PositionBatchBody): Promise<PositionBatchResponse> {
  const now = app.clock.now()
  const points = body.points.map((point, index) => {
    if (!Number.isFinite(point.lat)) throw ApiError.invalidField(`body.points.${index}.lat`, 'must be a finite number')
    if (!Number.isFinite(point.lng)) throw ApiError.invalidField(`body.points.${index}.lng`, 'must be a finite number')
    const at = Date.parse(point.at)
    if (!Number.isFinite(at)) throw ApiError.invalidField(`body.points.${index}.at`, 'must be an ISO date-time')
    // A phone clock ahead of ours must not write the future into the track.
    return { ...toWgs84({ lat: point.lat, lng: point.lng, coordSystem: body.coordSystem }), at: Math.min(at, now.getTime()) }
  })
  points.sort((a, b) => a.at - b.at)
  const ticketId = body.ticketId !== undefined ? (await assignedTicket(app, body.ticketId, worker)).id : await currentTicketId(app, worker)

  const last = await app.db
    .selectFrom('worker_positions')
    .select(['lat', 'lng', 'recorded_at'])
    .where('worker_id', '=', worker.id)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  let previous = last ? { lat: last.lat, lng: last.lng, at: Date.parse(last.recorded_at) } : null
  const kept: typeof points = []
  let dropped = 0
  for (const point of points) {
    if (previous) {
      const seconds = Math.max(1, (point.at - previous.at) / 1000)
      if (distanceMeters(previous, point) / seconds > MAX_MPS) {
        dropped++
        continue
      }
    }
    kept.push(point)
    previous = point
  }

  await app.db.transaction().execute(async (trx) => {
    if (kept.length) {
      await trx
        .insertInto('worker_positions')
        .values(kept.map((point) => ({ worker_id: worker.id, ticket_id: ticketId, lat: point.lat, lng: point.lng, recorded_at: new Date(point.at).toISOString() })))
        .execute()
      const latest = kept.at(-1)!
      await trx.updateTable('users').set({ lat: latest.lat, lng: latest.lng }).where('id', '=', worker.id).execute()
      // The console's live map moves the marker to the newest kept point (plugins/events.ts).
      await appendWorkerPosition(trx, worker.id, latest, ticketId, new Date(latest.at))
    }
    if (dropped) {
      await trx
        .insertInto('worker_presence')
        .values({ worker_id: worker.id, last_sign_in_at: null, duty_in_person: 0, dropped_points: dropped })
        .onConflict((oc) => oc.column('worker_id').doUpdateSet((eb) => ({ dropped_points: eb('worker_presence.dropped_points', '+', dropped) })))
        .execute()
    }
  })
  if (dropped) app.log.info({ workerId: worker.id, dropped }, 'dropped position points at impossible speed')
  return { accepted: kept.length, dropped }
}
