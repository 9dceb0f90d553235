/** What a worker does on the street: start the job, finish it with after-photos, report positions. */
import type { FastifyInstance } from 'fastify'
import type { LocationInput } from '@contract/schemas'
import type { WorkWarning } from '@contract/work'
import { FAR_FROM_SITE_METERS } from '@contract/work-limits'
import { ApiError } from '../../lib/api-error'
import { toWgs84 } from '../../lib/coords'
import { appendWorkerPosition } from '../live-events'
import type { SessionUser } from '../auth'
import { assignedTicket } from '../work/tasks'
import { requireOwnPhotos } from './photos'
import { actorOf } from './resident-actions'
import { applyTransition } from './transitions'

export async function startWork(app: FastifyInstance, ticketId: number, worker: SessionUser, note?: string): Promise<void> {
  await assignedTicket(app, ticketId, worker)
  await app.db.transaction().execute((trx) =>
    applyTransition(trx, ticketId, 'start', actorOf(worker), { now: app.clock.now(), note: note ?? '已到达现场，开始处置' }),
  )
}

export interface ResolveResult {
  warnings: WorkWarning[]
  /** The same idempotency key resolved this ticket before: nothing was written again. */
  replayed: boolean
}

function warningsOf(farPhotos: number, maxDistance: number | null): WorkWarning[] {
  if (!farPhotos || maxDistance === null) return []
  const meters = Math.round(maxDistance)
  return [
    {
      code: 'FAR_FROM_SITE',
      message: `有${farPhotos}张整改照片的拍摄位置距工单地点约${meters}米（超过${FAR_FROM_SITE_METERS}米），已提交并标记，调度员将核查`,
      distanceMeters: meters,
    },
  ]
}

/**
 * Finishes with after-photos (each uploaded for this ticket, so stamped and with its capture point)
 * and notes. After-photos taken more than FAR_FROM_SITE_METERS away do not block the resolve: they
 * flag it for the dispatcher and come back as a warning. With an idempotency key a retry answers
 * the first result instead of failing.
 */
export async function resolveWork(
  app: FastifyInstance,
  ticketId: number,
  worker: SessionUser,
  note: string,
  photoIds: string[],
  options: { idempotencyKey?: string } = {},
): Promise<ResolveResult> {
  await assignedTicket(app, ticketId, worker)
  const key = options.idempotencyKey ?? null
  if (key) {
    const before = await app.db
      .selectFrom('work_resolutions')
      .select(['far_photos', 'max_distance_m'])
      .where('ticket_id', '=', ticketId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst()
    if (before) return { warnings: warningsOf(before.far_photos, before.max_distance_m), replayed: true }
  }
  const text = note.trim()
  if (text.length < 2) throw ApiError.invalidField('body.note', 'rectification notes are required (at least 2 characters)')
  if (photoIds.length === 0) throw ApiError.invalidField('body.photoIds', 'at least one after-photo is required')
  const unique = await requireOwnPhotos(app.db, worker.id, photoIds)
  const captures = await app.db
    .selectFrom('after_photo_captures')
    .select(['upload_id', 'distance_m'])
    .where('upload_id', 'in', unique)
    .where('ticket_id', '=', ticketId)
    .execute()
  const distanceOf = new Map(captures.map((row) => [row.upload_id, row.distance_m]))
  const missing = unique.findIndex((id) => !distanceOf.has(id))
  if (missing >= 0) {
    throw ApiError.invalidField(`body.photoIds.${missing}`, 'is not an after-photo of this ticket: upload it with ticketId, lat and lng (taken with the camera on site)')
  }
  const far = unique.map((id) => distanceOf.get(id)!).filter((distance) => distance > FAR_FROM_SITE_METERS)
  const maxDistance = far.length ? Math.max(...far) : null
  const now = app.clock.now()
  await app.db.transaction().execute(async (trx) => {
    const { eventId } = await applyTransition(trx, ticketId, 'resolve', actorOf(worker), { now, note: text, photoIds: unique })
    await trx
      .insertInto('work_resolutions')
      .values({ event_id: eventId, ticket_id: ticketId, worker_id: worker.id, idempotency_key: key, far_photos: far.length, max_distance_m: maxDistance, created_at: now.toISOString() })
      .execute()
  })
  if (far.length) app.log.warn({ ticketId, workerId: worker.id, farPhotos: far.length, maxDistance }, 'resolve flagged: after-photo far from the site')
  return { warnings: warningsOf(far.length, maxDistance), replayed: false }
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
    await appendWorkerPosition(trx, worker.id, point, ticketId ?? null, new Date(at))
  })
}
