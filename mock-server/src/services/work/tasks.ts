/** The worker's own side: which tickets are theirs, the task list, their profile and duty flag. */
import type { FastifyInstance } from 'fastify'
import type { WorkerMe, WorkTask, WorkTasksQuery } from '@contract/work'
import { ApiError } from '../../lib/api-error'
import { distanceMeters, fromWgs84, toWgs84 } from '../../lib/coords'
import type { SessionUser } from '../auth'
import { appendWorkerDuty } from '../live-events'
import { firstPhotoId, TICKET_CARD_COLUMNS, ticketsWithCategory } from '../tickets/columns'
import { addressText, isOverdue } from '../tickets/read'
import { MEDIA_PREFIX, thumbFileName } from '../uploads'
import { workerNumber } from './binding'

export const ACTIVE_WORK_STATUSES = ['dispatched', 'in_progress'] as const

/** The ticket if it is assigned to this worker; 404 otherwise, as if it did not exist. */
export async function assignedTicket(app: FastifyInstance, ticketId: number, worker: SessionUser) {
  if (worker.role !== 'worker') throw new ApiError(403, 'FORBIDDEN', 'Only the assigned worker does this')
  const ticket = await app.db
    .selectFrom('tickets')
    .select(['id', 'assignee_id', 'status', 'lat', 'lng', 'street', 'community'])
    .where('id', '=', ticketId)
    .executeTakeFirst()
  if (!ticket || ticket.assignee_id !== worker.id) throw ApiError.notFound('Ticket')
  return ticket
}

/** As assignedTicket, and still being worked on (dispatched or in progress): 409 otherwise. */
export async function assignedOpenTicket(app: FastifyInstance, ticketId: number, worker: SessionUser) {
  const ticket = await assignedTicket(app, ticketId, worker)
  if (!(ACTIVE_WORK_STATUSES as readonly string[]).includes(ticket.status)) {
    throw new ApiError(409, 'INVALID_TRANSITION', `The ticket is ${ticket.status}: after-photos are for tickets being worked on`)
  }
  return ticket
}

export async function workerMe(app: FastifyInstance, worker: SessionUser): Promise<WorkerMe> {
  const row = await app.db.selectFrom('users').select(['id', 'openid', 'display_name', 'grid_id', 'on_duty']).where('id', '=', worker.id).executeTakeFirstOrThrow()
  return { id: row.id, name: row.display_name, number: workerNumber(row), gridId: row.grid_id, onDuty: row.on_duty === 1 }
}

/** On or off duty in person: off duty means no dispatch suggestions and no simulator play. */
export async function setDutyInPerson(app: FastifyInstance, worker: SessionUser, onDuty: boolean): Promise<WorkerMe> {
  const flag = onDuty ? 1 : 0
  await app.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ on_duty: flag }).where('id', '=', worker.id).execute()
    await appendWorkerDuty(trx, worker.id, onDuty, app.clock.now())
    await trx
      .insertInto('worker_presence')
      .values({ worker_id: worker.id, last_sign_in_at: null, duty_in_person: flag, dropped_points: 0 })
      .onConflict((oc) => oc.column('worker_id').doUpdateSet({ duty_in_person: flag }))
      .execute()
  })
  return workerMe(app, worker)
}

/** Dispatched and in-progress tickets of the worker, least time left first, with distance and category. */
export async function listTasks(app: FastifyInstance, worker: SessionUser, query: WorkTasksQuery): Promise<WorkTask[]> {
  const coordSystem = query.coordSystem ?? 'gcj02'
  const me = await app.db.selectFrom('users').select(['lat', 'lng']).where('id', '=', worker.id).executeTakeFirstOrThrow()
  const from =
    query.lat !== undefined && query.lng !== undefined
      ? toWgs84({ lat: query.lat, lng: query.lng, coordSystem })
      : me.lat !== null && me.lng !== null
        ? { lat: me.lat, lng: me.lng }
        : null
  const rows = await ticketsWithCategory(app.db)
    .select([...TICKET_CARD_COLUMNS, 'tickets.lat', 'tickets.lng'])
    .select(firstPhotoId)
    .where('tickets.assignee_id', '=', worker.id)
    .where('tickets.status', 'in', ACTIVE_WORK_STATUSES)
    .orderBy('tickets.due_at')
    .orderBy('tickets.id')
    .limit(100)
    .execute()
  const now = app.clock.now()
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    status: row.status,
    categoryId: row.category_id,
    categoryName: row.category_name,
    description: row.description,
    addressText: addressText(row),
    location: fromWgs84({ lat: row.lat, lng: row.lng }, coordSystem),
    dueAt: row.due_at,
    overdue: isOverdue(row, now),
    secondsLeft: Math.round((Date.parse(row.due_at) - now.getTime()) / 1000),
    distanceMeters: from ? Math.round(distanceMeters(from, row)) : null,
    thumbUrl: row.first_photo_id ? MEDIA_PREFIX + thumbFileName(row.first_photo_id) : null,
  }))
}
