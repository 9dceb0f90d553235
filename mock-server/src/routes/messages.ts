import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { Paging } from '@contract/schemas'
import { MarkReadBody, MessagePage } from '@contract/tickets'
import { bearerAuth, errorResponses } from '../lib/route-schemas'
import { listMessages, markMessagesRead } from '../services/messages'

const messageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/messages',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['messages'],
        summary: 'In-app notifications of status changes of my tickets, newest first, with the unread count',
        security: bearerAuth,
        querystring: Type.Object(Paging, { additionalProperties: false }),
        response: { 200: MessagePage, ...errorResponses(400, 401) },
      },
    },
    async (request) => listMessages(app, request.user!.id, request.query.cursor, request.query.limit),
  )

  app.post(
    '/messages/read',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['messages'],
        summary: 'Mark messages read: some by id, or all',
        security: bearerAuth,
        body: MarkReadBody,
        response: { 200: Type.Object({ updated: Type.Integer() }), ...errorResponses(400, 401) },
      },
    },
    async (request) => ({ updated: await markMessagesRead(app, request.user!.id, request.body.ids, request.body.all ?? false) }),
  )
}

export default messageRoutes
