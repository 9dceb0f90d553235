/** /api/ops: the staff side of the platform (dispatchers and workers). Residents get 403. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type TSchema } from '@sinclair/typebox'
import { CoordSystemQuery } from '@contract/schemas'
import {
  DispatchBody,
  NoteBody,
  OnDutyBody,
  OpsQueueQuery,
  PositionBody,
  RejectBody,
  ResolveBody,
  TicketDetail,
  TicketIdParams,
  TicketPage,
  Worker,
} from '@contract/tickets'
import { ApiError } from '../lib/api-error'
import { bearerAuth, errorResponses } from '../lib/route-schemas'
import { dispatchTicket } from '../services/tickets/dispatch'
import { getTicketDetail, listTickets } from '../services/tickets/read'
import { actorOf } from '../services/tickets/resident-actions'
import { applyTransition } from '../services/tickets/transitions'
import { recordPosition, resolveWork, startWork } from '../services/tickets/worker-actions'
import { listWorkers, setOnDuty } from '../services/workers'


/** Every action on one ticket: the id in the path, a body, the updated ticket back. */
function ticketActionSchema<Body extends TSchema>(summary: string, body: Body) {
  return { tags: ['ops'], summary, security: bearerAuth, params: TicketIdParams, body, response: { 200: TicketDetail, ...errorResponses(400, 401, 403, 404, 409) } }
}

const opsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', app.requireRole('worker', 'dispatcher'))

  app.get(
    '/queue',
    {
      schema: {
        tags: ['ops'],
        summary: 'The work queue, newest first; workers can ask for their own tickets (mine=true)',
        security: bearerAuth,
        querystring: OpsQueueQuery,
        response: { 200: TicketPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { status, mine, overdue, cursor, limit } = request.query
      const user = request.user!
      return listTickets(app, user, { scope: 'all', status, cursor, limit }, { assigneeId: mine ? user.id : undefined, overdueOnly: overdue })
    },
  )

  app.post(
    '/tickets/:id/accept',
    { schema: ticketActionSchema('Accept a submitted ticket (dispatcher)', NoteBody) },
    async (request) => {
      const user = request.user!
      await app.db.transaction().execute((trx) =>
        applyTransition(trx, request.params.id, 'accept', actorOf(user), { now: app.clock.now(), note: request.body.note }),
      )
      return getTicketDetail(app, request.params.id, user)
    },
  )

  app.post(
    '/tickets/:id/dispatch',
    { schema: ticketActionSchema('Dispatch to a worker (dispatcher); without workerId the nearest on-duty worker of the grid', DispatchBody) },
    async (request) => {
      const user = request.user!
      // The lifecycle refuses a worker here (403): only dispatchers and the platform dispatch.
      await dispatchTicket(app, request.params.id, actorOf(user), request.body)
      return getTicketDetail(app, request.params.id, user)
    },
  )

  app.post(
    '/tickets/:id/start',
    { schema: ticketActionSchema('Start work on an assigned ticket (worker)', NoteBody) },
    async (request) => {
      await startWork(app, request.params.id, request.user!, request.body.note)
      return getTicketDetail(app, request.params.id, request.user!)
    },
  )

  app.post(
    '/tickets/:id/resolve',
    { schema: ticketActionSchema('Finish with after-photos and rectification notes (worker)', ResolveBody) },
    async (request) => {
      await resolveWork(app, request.params.id, request.user!, request.body.note, request.body.photoIds)
      return getTicketDetail(app, request.params.id, request.user!)
    },
  )

  app.post(
    '/tickets/:id/reject',
    { schema: ticketActionSchema('Reject with a reason: duplicate, or not our responsibility (dispatcher)', RejectBody) },
    async (request) => {
      const user = request.user!
      const { reason, note } = request.body
      const text = note ?? (reason === 'duplicate' ? '重复上报，已合并处理' : '不属于城管职责范围，已转有关部门')
      await app.db.transaction().execute((trx) =>
        applyTransition(trx, request.params.id, 'reject', actorOf(user), { now: app.clock.now(), note: text, patch: { reject_reason: reason } }),
      )
      return getTicketDetail(app, request.params.id, user)
    },
  )

  app.post(
    '/position',
    {
      schema: {
        tags: ['ops'],
        summary: "Update the worker's position; with ticketId it extends that ticket's track (worker)",
        security: bearerAuth,
        body: PositionBody,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      if (request.user!.role !== 'worker') throw new ApiError(403, 'FORBIDDEN', 'Only workers report positions')
      await recordPosition(app, request.user!, request.body.location, request.body.ticketId)
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/duty',
    {
      schema: { tags: ['ops'], summary: 'Go on or off duty (worker)', security: bearerAuth, body: OnDutyBody, response: { 200: Worker, ...errorResponses(400, 401, 403) } },
    },
    async (request) => {
      // Only workers have a duty flag; a dispatcher's call must not write on their own row.
      if (request.user!.role !== 'worker') throw new ApiError(403, 'FORBIDDEN', 'Only workers go on or off duty')
      return setOnDuty(app, request.user!, request.body.onDuty)
    },
  )

  app.get(
    '/workers',
    {
      schema: {
        tags: ['ops'],
        summary: 'Workers with their grid, duty flag, position and active tickets',
        security: bearerAuth,
        querystring: Type.Object({ coordSystem: Type.Optional(CoordSystemQuery) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Worker) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ items: await listWorkers(app, request.query.coordSystem) }),
  )
}

export default opsRoutes
