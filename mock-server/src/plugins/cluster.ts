/**
 * Several instances on one database (#18). `app.cluster` is how an instance
 * - runs a timer on exactly one instance: `every(name, ms, fn)` ticks everywhere but runs `fn`
 *   only on the leader (maintenance, upload clean-up, the simulator);
 * - tells the other instances something happened: `broadcast(topic)` / `on(topic, fn)`
 *   (the live-events kick, new tickets for the simulator).
 *
 * SQLite: one instance owns the file, so it always leads and broadcasts go nowhere.
 * PostgreSQL: the leader holds a session-level advisory lock on a dedicated connection; when its
 * process dies the connection (and the lock) goes, and another instance takes it at its next try
 * (every `leaderRetryMs`, 5 s by default: well within 30 s). Broadcasts are NOTIFY on the schema's
 * channel (db/dialect-postgres.ts), coalesced per topic while one is in flight.
 */
import crypto from 'node:crypto'
import fp from 'fastify-plugin'

export interface Cluster {
  /** Random per process start; messages from this instance are ignored by it. */
  readonly instanceId: string
  /** True when other instances may share the database (PostgreSQL). */
  readonly shared: boolean
  /** True while this instance runs the timers. */
  readonly leading: boolean
  /** Every `ms`, runs `fn` on the leader only (never two runs of one timer at once). */
  every(name: string, ms: number, fn: () => Promise<unknown>): void
  /** How many times each timer ran on this instance (health, tests). */
  readonly runs: Readonly<Record<string, number>>
  /** Tells the other instances (no-op on SQLite). Payload ≤ a few KB of JSON. */
  broadcast(topic: string, data?: unknown): void
  /** Messages of `topic` from the other instances; `onGap` after a reconnect may have lost some. */
  on(topic: string, listener: (data: unknown) => void, onGap?: () => void): void
  /** Called on every change of leadership. */
  onLeadership(listener: (leading: boolean) => void): void
}

declare module 'fastify' {
  interface FastifyInstance {
    cluster: Cluster
  }
}

export interface ClusterOptions {
  /** How often a follower tries to take the leader lock (and the leader checks it still has it). */
  leaderRetryMs?: number
}

export const LEADER_RETRY_MS = 5_000

interface Message {
  from: string
  topic: string
  data?: unknown
}

export default fp(
  async (app, opts: ClusterOptions) => {
    const coordinator = app.database.coordinator
    const instanceId = crypto.randomBytes(8).toString('hex')
    const runs: Record<string, number> = {}
    const topicListeners = new Map<string, ((data: unknown) => void)[]>()
    const gapListeners: (() => void)[] = []
    const leadershipListeners: ((leading: boolean) => void)[] = []
    let leading = false

    coordinator.subscribe(
      (payload) => {
        let message: Message
        try {
          message = JSON.parse(payload) as Message
        } catch {
          return
        }
        if (message.from === instanceId) return
        for (const listener of topicListeners.get(message.topic) ?? []) listener(message.data)
      },
      () => gapListeners.forEach((gap) => gap()),
    )

    const leadership = coordinator.lead((value) => {
      leading = value
      if (coordinator.shared) app.log.info({ instanceId, leading: value }, value ? 'this instance leads (timers run here)' : 'this instance follows')
      for (const listener of leadershipListeners) listener(value)
    }, opts.leaderRetryMs ?? LEADER_RETRY_MS)

    const timers: NodeJS.Timeout[] = []
    const running = new Set<Promise<unknown>>()
    let closing = false
    const inFlight = new Set<string>()

    const cluster: Cluster = {
      instanceId,
      shared: coordinator.shared,
      get leading() {
        return leading
      },
      runs,
      every(name, ms, fn) {
        let current: Promise<unknown> | null = null
        const timer = setInterval(() => {
          if (!leading || current || closing) return
          runs[name] = (runs[name] ?? 0) + 1
          current = fn()
            .catch((err: unknown) => app.log.error({ err, timer: name }, `${name} failed`))
            .finally(() => {
              running.delete(current!)
              current = null
            })
          running.add(current)
        }, ms)
        timer.unref()
        timers.push(timer)
      },
      broadcast(topic, data) {
        if (!coordinator.shared || closing) return
        // One NOTIFY per topic at a time is enough for wake-ups; messages with data always go.
        if (data === undefined) {
          if (inFlight.has(topic)) return
          inFlight.add(topic)
        }
        const payload = JSON.stringify({ from: instanceId, topic, data } satisfies Message)
        coordinator
          .publish(payload)
          .catch((err: unknown) => app.log.warn({ err, topic }, 'broadcast failed'))
          .finally(() => data === undefined && inFlight.delete(topic))
      },
      on(topic, listener, onGap) {
        topicListeners.set(topic, [...(topicListeners.get(topic) ?? []), listener])
        if (onGap) gapListeners.push(onGap)
      },
      onLeadership(listener) {
        leadershipListeners.push(listener)
      },
    }
    app.decorate('cluster', cluster)

    app.addHook('onClose', async () => {
      closing = true
      for (const timer of timers) clearInterval(timer)
      await Promise.all(running)
      await leadership.stop() // lets the lock go at once: another instance takes over at its next try
    })
  },
  { name: 'cluster', dependencies: ['db'] },
)
