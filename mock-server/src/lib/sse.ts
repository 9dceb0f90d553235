/**
 * Server-Sent Events over the live-events log, for every stream of the API (the console's
 * /api/ops/events, the resident's /api/events): the headers, `retry:`, heartbeats, Last-Event-ID
 * replay, `event: reload` when the asked id is no longer kept, dropping a client too slow to keep
 * up (it reconnects with Last-Event-ID), and clean-up when either side goes. Each route says only
 * which events it streams and how each one is written.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { StoredLiveEvent } from '../services/live-events'

/** The id to replay after: the Last-Event-ID header (EventSource sends it), else ?lastEventId. */
export function lastEventIdOf(header: string | string[] | undefined, query: number | undefined): number | null {
  const raw = Array.isArray(header) ? header[0] : header
  if (raw !== undefined && raw.trim() !== '') {
    const id = Number(raw.trim())
    // A malformed id cannot be replayed from: treat it like an unknown one (the client reloads).
    return Number.isSafeInteger(id) && id >= 0 ? id : Number.MAX_SAFE_INTEGER
  }
  return query ?? null
}

export interface EventStreamOptions {
  /** ?lastEventId, for clients that cannot set the header. */
  lastEventId?: number
  /** The reconnect delay the client is told (`retry:`). */
  retryMs: number
  /** A client whose unsent data passes this is dropped. */
  maxBufferedBytes: number
  /** End the stream after this long (the client reconnects); none = until either side goes. */
  maxLifetimeMs?: number
  /** Which stored events this stream carries. */
  filter(event: StoredLiveEvent): boolean
  /** The whole SSE message for one event (with its `id:`), or null to skip it. */
  format(event: StoredLiveEvent): string | null
}

export async function streamLiveEvents(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  options: EventStreamOptions,
): Promise<void> {
  const afterId = lastEventIdOf(request.headers['last-event-id'], options.lastEventId)
  reply.hijack()
  const res = reply.raw
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  })
  res.write(`retry: ${options.retryMs}\n\n`)
  let open = true
  let subscription: { close(): void } | null = null
  const end = () => {
    if (!open) return
    open = false
    clearInterval(heartbeat)
    if (lifetime) clearTimeout(lifetime)
    subscription?.close()
    if (!res.writableEnded) res.end()
  }
  const send = (text: string) => {
    if (!open) return
    res.write(text)
    if (res.writableLength > options.maxBufferedBytes) {
      request.log.warn('live stream client too slow; dropped')
      res.destroy()
      end()
    }
  }
  const heartbeat = setInterval(() => send(': hb\n\n'), app.events.heartbeatMs)
  heartbeat.unref()
  const lifetime = options.maxLifetimeMs ? setTimeout(end, options.maxLifetimeMs) : null
  lifetime?.unref()
  request.raw.on('close', end)
  res.on('close', end)
  res.on('error', end)
  subscription = await app.events.subscribe(afterId, {
    filter: options.filter,
    onEvent: (event) => {
      const text = options.format(event)
      if (text) send(text)
    },
    onReload: (reason) => send(`event: reload\ndata: ${JSON.stringify({ reason })}\n\n`),
    onClose: end,
  })
  if (!open) subscription.close()
}
