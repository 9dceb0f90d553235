/**
 * 反馈 → a ticket: a problem reported from a facility's page is filed through the same ticket
 * service as any report, at the facility's exact location, with the matching category.
 */
import type { FastifyInstance } from 'fastify'
import { FACILITY_PROBLEM_CATEGORY, type FacilityProblem } from '@contract/facilities'
import type { SessionUser } from './auth'
import type { FacilityRow } from './facilities'
import { createTicket } from './tickets/create'
import { actorOf } from './tickets/resident-actions'

export async function reportFacilityProblem(
  app: FastifyInstance,
  user: SessionUser,
  facility: FacilityRow,
  problem: FacilityProblem,
  idempotencyKey: string | null,
) {
  const { ticketId } = await createTicket(
    app,
    actorOf(user),
    {
      categoryId: problem.categoryId ?? FACILITY_PROBLEM_CATEGORY[facility.type].id,
      description: problem.description,
      photoIds: problem.photoIds ?? [],
      location: { lat: facility.lat, lng: facility.lng, coordSystem: 'wgs84' },
      address: facility.name,
      source: 'facility',
      facilityId: facility.id,
    },
    idempotencyKey,
  )
  const ticket = await app.db.selectFrom('tickets').select(['id', 'number', 'due_at']).where('id', '=', ticketId).executeTakeFirstOrThrow()
  return { id: ticket.id, number: ticket.number, dueAt: ticket.due_at }
}
