/**
 * GET /api/ops/events: the console's live stream as Server-Sent Events (dispatchers only).
 * Messages: `id: <n>` (send back as Last-Event-ID), `event: ticket | worker.position | worker.duty`,
 * `data: <JSON>` as contract/console.ts describes; `event: reload` when the asked id is no longer
 * kept; `: hb` comments as heartbeats. The stream ends when the client goes or the server stops.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { LiveEventsQuery } from '@contract/console'
import type { CoordSystem } from '@contract/schemas'
import { fromWgs84 } from '../lib/coords'
import { bearerAuth, errorResponses } from '../lib/route-schemas'
import { streamLiveEvents } from '../lib/sse'
import type { StoredLiveEvent } from '../services/live-events'

/** A slow client whose unsent data passes this is dropped; it reconnects with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024

/** Stored payloads are WGS-84; each client gets its coordinate system (memoised per event). */
const formatted = new WeakMap<StoredLiveEvent, Map<CoordSystem, string>>()

function dataOf(event: StoredLiveEvent, coordSystem: CoordSystem): string {
  let byCs = formatted.get(event)
  if (!byCs) formatted.set(event, (byCs = new Map()))
  let text = byCs.get(coordSystem)
  if (text === undefined) {
    const data = JSON.parse(event.payload) as { location?: { lat: number; lng: number }; ticket?: { location: { lat: number; lng: number } } }
    if (data.location) data.location = fromWgs84(data.location, coordSystem)
    if (data.ticket?.location) data.ticket.location = fromWgs84(data.ticket.location, coordSystem)
    text = JSON.stringify(data)
    byCs.set(coordSystem, text)
  }
  return text
}

export function sseMessage(event: StoredLiveEvent, coordSystem: CoordSystem): string {
  return `id: ${event.id}\nevent: ${event.kind}\ndata: ${dataOf(event, coordSystem)}\n\n`
}

const LIVE_KINDS = new Set(['ticket', 'worker.position', 'worker.duty'])

const opsLiveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/events',
    {
      preHandler: app.requireRole('dispatcher'),
      schema: {
        tags: ['ops'],
        summary: 'Live events (Server-Sent Events): tickets created/changed, worker positions, duty on/off (dispatcher)',
        description:
          'text/event-stream. Reconnect with the Last-Event-ID header (EventSource does it) to replay what was missed; ' +
          'an `event: reload` message means the id is older than what is kept: reload state from the REST endpoints.',
        security: bearerAuth,
        querystring: LiveEventsQuery,
        produces: ['text/event-stream'],
        response: {
          200: { description: 'text/event-stream: `id:`, `event:` and JSON `data:` lines per message (contract/console.ts LiveMessage)', content: { 'text/event-stream': { schema: Type.String() } } },
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const coordSystem = request.query.coordSystem ?? 'gcj02'
      await streamLiveEvents(app, request, reply, {
        lastEventId: request.query.lastEventId,
        retryMs: 2000,
        maxBufferedBytes: MAX_BUFFERED_BYTES,
        filter: (event) => LIVE_KINDS.has(event.kind),
        format: (event) => sseMessage(event, coordSystem),
      })
    },
  )
}

export default opsLiveRoutes
