/** Subscribe-message credits (服务通知 consent) and the notifications a ticket produced. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SubscriptionCredits, SubscriptionsBody, TicketNotificationList } from '@contract/notifications'
import { TicketIdParams } from '@contract/tickets'
import { bearerAuth, errorResponses } from '../lib/route-schemas'
import { addCredits, listCredits } from '../services/notifications/credits'
import { listTicketNotifications } from '../services/notifications/list'

const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/subscriptions',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['notifications'],
        summary: 'Templates I accepted in wx.requestSubscribeMessage: one credit (one message) per accepted template',
        security: bearerAuth,
        body: SubscriptionsBody,
        response: { 200: SubscriptionCredits, ...errorResponses(400, 401) },
      },
    },
    async (request) => ({ items: await addCredits(app, request.user!.id, request.body.accepted) }),
  )

  app.get(
    '/subscriptions',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['notifications'],
        summary: 'My remaining credits per configured template',
        security: bearerAuth,
        response: { 200: SubscriptionCredits, ...errorResponses(401) },
      },
    },
    async (request) => ({ items: await listCredits(app, request.user!.id) }),
  )

  app.get(
    '/tickets/:id/notifications',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['notifications'],
        summary: 'WeChat subscribe messages this ticket produced and what became of them (a resident sees their own; staff all)',
        security: bearerAuth,
        params: TicketIdParams,
        response: { 200: TicketNotificationList, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => ({ items: await listTicketNotifications(app, request.params.id, request.user!) }),
  )
}

export default notificationRoutes
