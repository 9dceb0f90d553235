/**
 * WeChat subscribe messages: the client (when WX_APPID and WX_SECRET are set) and the sender loop,
 * a timer that works through the outbox (services/notifications/sender.ts), run by the cluster's
 * leader only (app.cluster.every), so several instances never send one message twice. `intervalMs: 0` turns
 * the timer off; tests then call `app.notifications.runOnce()` by hand. On close the running pass
 * gets `shutdownGraceMs` to finish its call, then is aborted: that row stays 'sending' exactly as
 * after a crash, and the next start marks it unknown instead of sending it twice.
 */
import fp from 'fastify-plugin'
import { appendLiveEvent } from '../services/live-events'
import { WeChatSubscribeApi, type SubscribeMessageApi } from '../lib/wechat-subscribe'
import { DEFAULT_SENDER_OPTIONS, runSenderPass, type PassResult, type SenderDeps, type SenderOptions } from '../services/notifications/sender'

export interface NotificationsOptions {
  /** How often the sender looks for due messages; 0 = never (tests drive it). */
  intervalMs?: number
  shutdownGraceMs?: number
  /** Replace the WeChat client (otherwise the real one, pointed at WX_API_BASE). */
  api?: SubscribeMessageApi | null
  sender?: Partial<SenderOptions>
}

export interface NotificationSender {
  /** null when sending is off. */
  readonly api: SubscribeMessageApi | null
  /** One pass now (waits for a pass already running, then runs its own). */
  runOnce(): Promise<PassResult>
}

declare module 'fastify' {
  interface FastifyInstance {
    notifications: NotificationSender
  }
}

export const NOTIFICATION_INTERVAL_MS = 5_000

export default fp(
  async (app, opts: NotificationsOptions) => {
    const { wxAppId, wxSecret, wxApiBase, wxSubscribeTemplateIds, wxMiniprogramState } = app.config
    const api =
      opts.api !== undefined
        ? opts.api
        : wxAppId && wxSecret
          ? new WeChatSubscribeApi({ appId: wxAppId, secret: wxSecret, apiBase: wxApiBase, clock: app.clock, miniprogramState: wxMiniprogramState })
          : null
    const deps: SenderDeps = {
      db: app.db,
      clock: app.clock,
      api,
      templateIds: wxSubscribeTemplateIds,
      log: app.log.child({ module: 'subscribe-messages' }),
      options: { ...DEFAULT_SENDER_OPTIONS, ...opts.sender },
      // The resident's live stream (GET /api/events) hears when a message went out or was skipped.
      announce: (trx, row) =>
        appendLiveEvent(trx, {
          kind: 'notification',
          ticketId: row.ticketId,
          userIds: [row.userId],
          payload: { ticketId: row.ticketId, notificationId: row.id, state: row.state },
          at: app.clock.now(),
        }),
    }
    const stop = new AbortController()
    let running: Promise<PassResult> | null = null

    const runOnce = async (): Promise<PassResult> => {
      while (running) await running.catch(() => undefined)
      const pass = runSenderPass(deps, stop.signal).finally(() => app.events.kick())
      running = pass
      try {
        return await pass
      } finally {
        if (running === pass) running = null
      }
    }
    app.decorate('notifications', { api, runOnce })

    // On the leader only when several instances share the database (plugins/cluster.ts): one sender.
    const interval = opts.intervalMs ?? NOTIFICATION_INTERVAL_MS
    if (interval > 0) app.cluster.every('notifications', interval, async () => (running ? undefined : runOnce()))

    app.addHook('onClose', async () => {
      const current = running
      if (!current) return
      const grace = new Promise((resolve) => setTimeout(resolve, opts.shutdownGraceMs ?? 5_000).unref())
      await Promise.race([current.catch(() => undefined), grace])
      stop.abort()
      await current.catch(() => undefined)
    })
  },
  { name: 'notifications', dependencies: ['db', 'events', 'cluster'] },
)
