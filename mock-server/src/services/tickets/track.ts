import type { FastifyInstance } from 'fastify'
import type { CoordSystem } from '@contract/schemas'
import type { WorkerTrack } from '@contract/tickets'
import { fromWgs84 } from '../../lib/coords'
import type { SessionUser } from '../auth'
import { getTicketDetail } from './read'

/**
 * The assignee's positions recorded for this ticket, oldest first: for the reporter and staff.
 * Followers get the public view, which has no track (it would give the exact spot and the worker's path).
 */
export async function workerTrack(app: FastifyInstance, ticketId: number, viewer: SessionUser, coordSystem: CoordSystem = 'gcj02'): Promise<WorkerTrack> {
  const ticket = await getTicketDetail(app, ticketId, viewer, coordSystem)
  if (ticket.relation === 'follower') return { worker: ticket.assignee ? { name: ticket.assignee.name } : null, points: [] }
  const points = await app.db
    .selectFrom('worker_positions')
    .select(['lat', 'lng', 'recorded_at'])
    .where('ticket_id', '=', ticketId)
    .orderBy('id')
    .limit(2000)
    .execute()
  return {
    worker: ticket.assignee ? { name: ticket.assignee.name } : null,
    points: points.map((point) => ({ ...fromWgs84(point, coordSystem), at: point.recorded_at })),
  }
}
