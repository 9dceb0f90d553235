/**
 * After-photos: a worker's photo of the fixed site, uploaded with the ticket it proves and the
 * phone's position and time at capture. It goes through the normal photo pipeline, then gets the
 * watermark (time in China, street/community, worker number) before it is stored, and the capture
 * point is kept with its distance from the ticket. Before-photos never come here.
 */
import type { FastifyInstance } from 'fastify'
import type { CoordSystem } from '@contract/schemas'
import { ApiError } from '../../lib/api-error'
import { distanceMeters, toWgs84 } from '../../lib/coords'
import type { SessionUser } from '../auth'
import { processPhoto } from '../photos'
import { saveUpload } from '../uploads'
import { stampWatermark } from '../watermark'
import { assignedOpenTicket } from './tasks'
import { workerNumber } from './binding'

export interface Capture {
  lat: number
  lng: number
  coordSystem: CoordSystem
  /** ISO time the phone took the photo; the server's time when missing or implausible. */
  capturedAt?: string
}

/** A capture time no later than now (+1 min of clock skew) and no earlier than 3 days ago. */
function captureTime(raw: string | undefined, now: Date): Date {
  const at = raw ? Date.parse(raw) : Number.NaN
  if (Number.isNaN(at) || at > now.getTime() + 60_000 || at < now.getTime() - 3 * 86_400_000) return now
  return new Date(at)
}

/** Multipart text fields of an after-photo upload as a Capture; 400 names the bad field. */
export function parseCaptureFields(fields: Record<string, string>): Capture {
  const number = (name: 'lat' | 'lng', limit: number) => {
    const raw = fields[name]
    if (raw === undefined || raw === '') throw ApiError.invalidField(name, 'is required for an after-photo: the phone position at capture')
    const value = Number(raw)
    if (!Number.isFinite(value) || Math.abs(value) > limit) throw ApiError.invalidField(name, `must be a finite number within ±${limit}`)
    return value
  }
  const coordSystem = (fields.coordSystem ?? 'gcj02') as CoordSystem
  if (coordSystem !== 'gcj02' && coordSystem !== 'wgs84') throw ApiError.invalidField('coordSystem', 'must be gcj02 or wgs84')
  return { lat: number('lat', 90), lng: number('lng', 180), coordSystem, capturedAt: fields.capturedAt }
}

/** Checks, stamps and stores one after-photo; returns the upload row. */
export async function storeAfterPhoto(app: FastifyInstance, worker: SessionUser, ticketId: number, bytes: Buffer, capture: Capture) {
  if (worker.role !== 'worker') throw new ApiError(403, 'FORBIDDEN', 'Only the assigned worker uploads after-photos')
  const ticket = await assignedOpenTicket(app, ticketId, worker)
  const now = app.clock.now()
  const at = captureTime(capture.capturedAt, now)
  const point = toWgs84(capture)
  const account = await app.db.selectFrom('users').select(['id', 'openid', 'display_name']).where('id', '=', worker.id).executeTakeFirstOrThrow()
  const photo = await processPhoto(bytes)
  const stamped = await stampWatermark(photo, {
    at,
    place: `${ticket.street} · ${ticket.community}`,
    worker: `工号 ${workerNumber(account)} ${account.display_name}`,
  })
  const row = await saveUpload(app.db, app.storage, { ownerId: worker.id, photo: stamped, now })
  await app.db
    .insertInto('after_photo_captures')
    .values({
      upload_id: row.id,
      ticket_id: ticket.id,
      worker_id: worker.id,
      lat: point.lat,
      lng: point.lng,
      captured_at: at.toISOString(),
      distance_m: Math.round(distanceMeters(point, ticket)),
    })
    .execute()
  return row
}
