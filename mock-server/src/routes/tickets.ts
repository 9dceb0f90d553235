import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  CreateTicketBody,
  FollowResponse,
  IdempotencyHeaders,
  ListTicketsQuery,
  NearbyList,
  NearbyQuery,
  RatingBody,
  ReopenBody,
  TicketDetail,
  TicketIdParams,
  TicketPage,
  TicketQuery,
  WorkerTrack,
} from '@contract/tickets'
import { fileTicketLimit, rateLimit } from '../lib/rate-limits'
import { bearerAuth, errorResponses } from '../lib/route-schemas'
import { createTicket } from '../services/tickets/create'
import { getTicketDetail, listTickets, nearbyTickets, newTicketDetail } from '../services/tickets/read'
import { actorOf, followTicket, rateTicket, reopenTicket } from '../services/tickets/resident-actions'
import { workerTrack } from '../services/tickets/track'


const ticketRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/tickets',
    {
      // The filing limit is shared with every other way of filing a ticket (lib/rate-limits).
      preHandler: [app.authenticate, fileTicketLimit(app)],
      schema: {
        tags: ['tickets'],
        summary: 'Report a problem (201 new ticket; 200 the same ticket again for a repeated Idempotency-Key)',
        security: bearerAuth,
        headers: IdempotencyHeaders,
        body: CreateTicketBody,
        response: { 200: TicketDetail, 201: TicketDetail, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const user = request.user!
      const { ticketId, created, filed } = await createTicket(app, actorOf(user), request.body, request.headers['idempotency-key'])
      const coordSystem = request.body.location.coordSystem
      // A new ticket's answer from the rows just written; a repeated key's from the table.
      const ticket = filed ? await newTicketDetail(app, filed, user, coordSystem) : await getTicketDetail(app, ticketId, user, coordSystem)
      return reply.status(created ? 201 : 200).send(ticket)
    },
  )

  app.get(
    '/tickets',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['tickets'],
        summary: 'My tickets (reported or followed), newest first, paginated by cursor',
        security: bearerAuth,
        querystring: ListTicketsQuery,
        response: { 200: TicketPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => listTickets(app, request.user!, request.query),
  )

  app.get(
    '/tickets/nearby',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Open tickets near a point: public fields only, location rounded (duplicate check, public map)',
        querystring: NearbyQuery,
        response: { 200: NearbyList, ...errorResponses(400) },
      },
    },
    async (request) => ({ items: await nearbyTickets(app, request.query) }),
  )

  app.get(
    '/tickets/:id',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['tickets'],
        summary: 'One ticket with its whole timeline (reporter, followers and staff; anyone else gets 404)',
        security: bearerAuth,
        params: TicketIdParams,
        querystring: TicketQuery,
        response: { 200: TicketDetail, ...errorResponses(401, 404) },
      },
    },
    async (request) => getTicketDetail(app, request.params.id, request.user!, request.query.coordSystem),
  )

  app.get(
    '/tickets/:id/track',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['tickets'],
        summary: "The assigned worker's recorded positions for this ticket (for the map polyline)",
        security: bearerAuth,
        params: TicketIdParams,
        querystring: TicketQuery,
        response: { 200: WorkerTrack, ...errorResponses(401, 404) },
      },
    },
    async (request) => workerTrack(app, request.params.id, request.user!, request.query.coordSystem),
  )

  app.post(
    '/tickets/:id/rating',
    {
      preHandler: app.authenticate,
      config: { rateLimit: rateLimit(app, 'rating') },
      schema: {
        tags: ['tickets'],
        summary: 'Rate a resolved ticket (reporter only, once); closes it',
        security: bearerAuth,
        params: TicketIdParams,
        body: RatingBody,
        response: { 200: TicketDetail, ...errorResponses(400, 401, 404, 409, 429) },
      },
    },
    async (request) => {
      await rateTicket(app, request.params.id, request.user!, request.body)
      return getTicketDetail(app, request.params.id, request.user!)
    },
  )

  app.post(
    '/tickets/:id/reopen',
    {
      preHandler: app.authenticate,
      config: { rateLimit: rateLimit(app, 'rating') },
      schema: {
        tags: ['tickets'],
        summary: 'Appeal (不满意，申请复核): reporter only, within 7 days of resolution; back into the queue',
        security: bearerAuth,
        params: TicketIdParams,
        body: ReopenBody,
        response: { 200: TicketDetail, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      await reopenTicket(app, request.params.id, request.user!, request.body.reason)
      return getTicketDetail(app, request.params.id, request.user!)
    },
  )

  app.post(
    '/tickets/:id/follow',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['tickets'],
        summary: '我也遇到: follow an open ticket and be notified like its reporter',
        security: bearerAuth,
        params: TicketIdParams,
        response: { 200: FollowResponse, ...errorResponses(401, 404, 409) },
      },
    },
    async (request) => followTicket(app, request.params.id, request.user!),
  )
}

export default ticketRoutes
