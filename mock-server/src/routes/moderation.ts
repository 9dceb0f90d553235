/**
 * /api/ops moderation (公开内容管理), dispatchers only: the reports the abuse filter held, and the
 * decision to release or hide a report's public view, with a reason. Registered with prefix /ops.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ModerationQueue, ModerationQueueQuery, TicketVisibilityState, VisibilityBody } from '@contract/moderation'
import { TicketIdParams } from '@contract/tickets'
import { bearerAuth, errorResponses } from '../lib/route-schemas'
import { moderationQueue, setVisibility } from '../services/tickets/moderation'

const moderationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', app.requireRole('dispatcher'))

  app.post(
    '/tickets/:id/visibility',
    {
      schema: {
        tags: ['ops'],
        summary: "Release a held report or hide a report from public view, with a reason (dispatcher); the reporter and staff still see it",
        security: bearerAuth,
        params: TicketIdParams,
        body: VisibilityBody,
        response: { 200: TicketVisibilityState, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => setVisibility(app, request.params.id, request.user!, request.body.visible, request.body.reason),
  )

  app.get(
    '/moderation',
    {
      schema: {
        tags: ['ops'],
        summary: 'Reports held by the abuse filter (state=held, default) or hidden by staff (state=hidden), newest first',
        security: bearerAuth,
        querystring: ModerationQueueQuery,
        response: { 200: ModerationQueue, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => moderationQueue(app, request.query.state ?? 'held', request.query.cursor, request.query.limit ?? 20),
  )
}

export default moderationRoutes
