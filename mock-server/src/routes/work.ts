/**
 * /api/work: the worker's own side in the mini-program (worker role only; residents and
 * dispatchers get 403). Tickets assigned to someone else answer 404, as if they did not exist.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { NoteBody, ResolveBody, TicketDetail, TicketIdParams, TicketQuery } from '@contract/tickets'
import { DutyBody, PositionBatchBody, PositionBatchResponse, WorkerMe, WorkResolveResponse, WorkTaskList, WorkTasksQuery } from '@contract/work'
import { bearerAuth, errorResponses } from '../lib/route-schemas'
import { getTicketDetail } from '../services/tickets/read'
import { resolveWork, startWork } from '../services/tickets/worker-actions'
import { recordPositionBatch } from '../services/work/positions'
import { assignedTicket, listTasks, setDutyInPerson, workerMe } from '../services/work/tasks'

const OptionalIdempotency = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$', description: 'A retry with the same key answers the first result' }),
  ),
})

const workRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', app.requireRole('worker'))
  const tags = ['work']

  app.get(
    '/me',
    { schema: { tags, summary: 'The signed-in worker: name, number (工号), duty flag', security: bearerAuth, response: { 200: WorkerMe, ...errorResponses(401, 403) } } },
    async (request) => workerMe(app, request.user!),
  )

  app.get(
    '/tasks',
    {
      schema: {
        tags,
        summary: 'My tasks: dispatched and in-progress tickets, least time left first, with distance from lat/lng',
        security: bearerAuth,
        querystring: WorkTasksQuery,
        response: { 200: WorkTaskList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ({
      items: await listTasks(app, request.user!, request.query),
      me: await workerMe(app, request.user!),
      serverTime: app.clock.now().toISOString(),
    }),
  )

  app.get(
    '/tasks/:id',
    {
      schema: { tags, summary: 'One of my tasks in full', security: bearerAuth, params: TicketIdParams, querystring: TicketQuery, response: { 200: TicketDetail, ...errorResponses(401, 403, 404) } },
    },
    async (request) => {
      await assignedTicket(app, request.params.id, request.user!)
      return getTicketDetail(app, request.params.id, request.user!, request.query.coordSystem)
    },
  )

  app.post(
    '/tasks/:id/start',
    {
      schema: { tags, summary: '开始处置: start work on my ticket', security: bearerAuth, params: TicketIdParams, body: NoteBody, response: { 200: TicketDetail, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request) => {
      await startWork(app, request.params.id, request.user!, request.body.note)
      return getTicketDetail(app, request.params.id, request.user!)
    },
  )

  app.post(
    '/tasks/:id/resolve',
    {
      schema: {
        tags,
        summary: '完成处置: 1–6 after-photos (uploaded with ticketId and the capture position) and rectification notes',
        description:
          'Photos taken more than 200 m from the ticket do not block the resolve: they come back as a FAR_FROM_SITE warning and flag the ticket for the dispatcher.',
        security: bearerAuth,
        params: TicketIdParams,
        headers: OptionalIdempotency,
        body: ResolveBody,
        response: { 200: WorkResolveResponse, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { warnings } = await resolveWork(app, request.params.id, request.user!, request.body.note, request.body.photoIds, {
        idempotencyKey: request.headers['idempotency-key'],
      })
      return { ticket: await getTicketDetail(app, request.params.id, request.user!), warnings }
    },
  )

  app.post(
    '/positions',
    {
      schema: {
        tags,
        summary: 'A batch of positions while on duty; points at impossible speed (>150 km/h) are dropped and counted',
        security: bearerAuth,
        body: PositionBatchBody,
        response: { 200: PositionBatchResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => recordPositionBatch(app, request.user!, request.body),
  )

  app.post(
    '/duty',
    { schema: { tags, summary: '上班/下班: off duty stops dispatch suggestions', security: bearerAuth, body: DutyBody, response: { 200: WorkerMe, ...errorResponses(400, 401, 403) } } },
    async (request) => setDutyInPerson(app, request.user!, request.body.onDuty),
  )
}

export default workRoutes
