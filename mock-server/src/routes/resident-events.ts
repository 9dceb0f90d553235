/**
 * The resident's live stream: GET /api/events as Server-Sent Events, only the signed-in user's
 * events: `event: ticket` when a ticket they reported or follow changed, `event: notification`
 * when one of their subscribe messages reached its final state. The data names what changed, never
 * staff-only fields: the app reloads through the REST endpoints. Reconnect with Last-Event-ID (or
 * ?lastEventId) to replay what was missed; `event: reload` when that id is no longer kept.
 * Auth: POST /api/events/token (Bearer) → a 60-second stream token for ?token= (see stream-token.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ResidentEventsQuery, StreamTokenResponse } from '@contract/notifications'
import { ApiError } from '../lib/api-error'
import { bearerAuth, errorResponses } from '../lib/route-schemas'
import { streamLiveEvents } from '../lib/sse'
import { StreamTokens } from '../services/notifications/stream-token'
import type { StoredLiveEvent } from '../services/live-events'

/** A slow client whose unsent data passes this is dropped; it reconnects with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 1024 * 1024
/** A stream ends after this long: a revoked session stops hearing within it; the app reconnects. */
export const RESIDENT_STREAM_MAX_MS = 10 * 60_000

/** What a resident may see of a stored event; null = not for residents. */
export function residentData(event: StoredLiveEvent): string | null {
  if (event.kind === 'ticket') {
    const payload = JSON.parse(event.payload) as { eventType: string; ticket: { id: number; status: string } }
    return JSON.stringify({ ticketId: payload.ticket.id, eventType: payload.eventType, status: payload.ticket.status })
  }
  if (event.kind === 'notification') {
    const payload = JSON.parse(event.payload) as { ticketId: number; notificationId: number; state: string }
    return JSON.stringify({ ticketId: payload.ticketId, notificationId: payload.notificationId, state: payload.state })
  }
  return null
}

const residentEventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tokens = new StreamTokens()

  app.post(
    '/events/token',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['notifications'],
        summary: 'A 60-second token that opens my live stream (EventSource cannot send Authorization)',
        security: bearerAuth,
        response: { 200: StreamTokenResponse, ...errorResponses(401) },
      },
    },
    async (request) => tokens.issue(request.user!.id, app.clock.now()),
  )

  app.get(
    '/events',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My live events (Server-Sent Events): my tickets changed, my subscribe messages went out',
        description: 'text/event-stream. `?token=` from POST /api/events/token, or a Bearer header. Reconnect with Last-Event-ID to replay.',
        querystring: ResidentEventsQuery,
        produces: ['text/event-stream'],
        response: {
          200: {
            description: 'text/event-stream: `id:`, `event: ticket | notification | reload` and JSON `data:` (contract/notifications.ts ResidentTicketEvent, ResidentNotificationEvent)',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
          ...errorResponses(400, 401),
        },
      },
    },
    async (request, reply) => {
      const userId = request.user?.id ?? (request.query.token ? tokens.verify(request.query.token, app.clock.now()) : null)
      if (userId === null) throw new ApiError(401, 'UNAUTHORIZED', 'Open the stream with ?token= from POST /api/events/token (or a Bearer header)')
      await streamLiveEvents(app, request, reply, {
        lastEventId: request.query.lastEventId,
        retryMs: 3000,
        maxBufferedBytes: MAX_BUFFERED_BYTES,
        maxLifetimeMs: RESIDENT_STREAM_MAX_MS,
        filter: (event) => (event.kind === 'ticket' || event.kind === 'notification') && (event.userIds?.includes(userId) ?? false),
        format: (event) => {
          const data = residentData(event)
          return data ? `id: ${event.id}\nevent: ${event.kind}\ndata: ${data}\n\n` : null
        },
      })
    },
  )
}

export default residentEventRoutes
