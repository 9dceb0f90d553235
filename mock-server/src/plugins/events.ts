/**
 * Live events: `app.events` appends to the durable log inside a change's transaction and lets
 * streams subscribe from an id (see services/live-events.ts for the log and the hub).
 *
 * THE WAKE-UP SEAM (the only place that decides when the hub reads new rows):
 * - `kick()` after a commit: every unsafe request (POST/PUT/PATCH/DELETE) kicks once its answer is
 *   sent, i.e. after its transaction committed, so a change reaches the streams at once; code that
 *   commits outside a request (simulator, maintenance) may call `app.events.kick()` too;
 * - a slow safety timer (`pollMs`) for anything else, e.g. a row written by another instance.
 * With PostgreSQL and several instances, a kick also reaches the others (`app.cluster.broadcast`,
 * LISTEN/NOTIFY; each then polls the shared table), and appends are serialised until commit
 * (db/dialect.ts orderedAppend), so "id > last" never skips a late commit.
 */
import fp from 'fastify-plugin'
import type { Transaction } from 'kysely'
import type { Database } from '../db/schema'
import { LiveEventHub, appendLiveEvent, type LiveHubOptions, type LiveListener, type LiveSubscription, type NewLiveEvent } from '../services/live-events'

export interface LiveEvents {
  /** Writes an event in the caller's transaction; it is fanned out once the transaction commits and a kick (or the timer) comes. */
  append(trx: Transaction<Database>, event: NewLiveEvent): Promise<number>
  /** Replays rows after `afterId` (null: none), then streams new ones; see LiveEventHub.subscribe. */
  subscribe(afterId: number | null, listener: LiveListener): Promise<LiveSubscription>
  /** Read new rows now (call after committing). Cheap: an indexed range read, coalesced; none while nobody subscribes. */
  kick(): void
  /** Resolves once every row committed so far has been fanned out (tests, benchmarks). */
  flush(): Promise<void>
  /** Newest id fanned out (with no subscriber, rows wait to be read: flush() first for the newest committed). */
  readonly latestId: number
  /** SSE comment interval that keeps proxies and browsers from closing an idle stream. */
  readonly heartbeatMs: number
  readonly hub: LiveEventHub
}

declare module 'fastify' {
  interface FastifyInstance {
    events: LiveEvents
  }
}

export interface EventsOptions extends LiveHubOptions {
  /** Safety timer: how often the hub looks for rows nobody kicked for (ms; 0 = never). */
  pollMs?: number
  heartbeatMs?: number
  /** How often old rows are trimmed (ms; 0 = never). */
  trimEveryMs?: number
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export default fp(
  async (app, opts: EventsOptions) => {
    const hub = new LiveEventHub(app.db, app.clock, opts, (err) => app.log.error({ err }, 'live events failed'))
    await hub.start()
    await hub.trim()
    const poll = () => void hub.poll()
    // Other instances' changes: their kick arrives as a NOTIFY; after a reconnect, look anyway.
    app.cluster.on('live', poll, poll)
    // Nobody listening here: nothing to fan out, so a write costs no read of the log (#19: ~8 % of a
    // POST /api/tickets). The next subscriber (or flush, or versionOf) reads what was missed first.
    let unread = false
    const kick = () => {
      if (hub.subscriberCount > 0) poll()
      else unread = true
      app.cluster.broadcast('live')
    }
    const events: LiveEvents = {
      append: (trx, event) => appendLiveEvent(trx, event),
      subscribe: async (afterId, listener) => {
        if (unread) {
          unread = false
          await hub.poll()
        }
        return hub.subscribe(afterId, listener)
      },
      kick,
      flush: () => {
        unread = false
        return hub.poll()
      },
      get latestId() {
        return hub.latestId
      },
      heartbeatMs: opts.heartbeatMs ?? 15_000,
      hub,
    }
    app.decorate('events', events)

    app.addHook('onResponse', (request, _reply, done) => {
      if (UNSAFE.has(request.method)) kick()
      done()
    })

    const timers: NodeJS.Timeout[] = []
    const pollMs = opts.pollMs ?? 1000
    if (pollMs > 0) timers.push(setInterval(kick, pollMs).unref())
    const trimEveryMs = opts.trimEveryMs ?? 10 * 60_000
    if (trimEveryMs > 0) {
      timers.push(
        setInterval(() => {
          hub.trim().catch((err) => app.log.error({ err }, 'trimming live events failed'))
        }, trimEveryMs).unref(),
      )
    }
    // Before the server stops accepting: end the open streams, or closing would wait for them.
    app.addHook('preClose', async () => {
      for (const timer of timers) clearInterval(timer)
      await hub.close()
    })
  },
  { name: 'events', dependencies: ['db', 'cluster'] },
)
