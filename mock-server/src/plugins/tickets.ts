/**
 * Ticket infrastructure: an in-process event bus (the simulator listens for new and reopened
 * tickets) and the timer that applies time-driven rules (escalation, auto-close).
 */
import { EventEmitter } from 'node:events'
import fp from 'fastify-plugin'
import { runTicketMaintenance } from '../services/tickets/maintenance'

export interface TicketEventBus extends EventEmitter {
  emit(event: 'created' | 'reopened', ticketId: number): boolean
  on(event: 'created' | 'reopened', listener: (ticketId: number) => void): this
}

declare module 'fastify' {
  interface FastifyInstance {
    ticketEvents: TicketEventBus
  }
}

export const MAINTENANCE_INTERVAL_MS = 60_000

export default fp(
  async (app, opts: { maintenanceIntervalMs?: number }) => {
    app.decorate('ticketEvents', new EventEmitter() as TicketEventBus)
    const interval = opts.maintenanceIntervalMs ?? MAINTENANCE_INTERVAL_MS
    if (interval <= 0) return
    let running: Promise<unknown> | null = null
    const timer = setInterval(() => {
      if (running) return
      running = runTicketMaintenance(app)
        .catch((err) => app.log.error({ err }, 'ticket maintenance failed'))
        .finally(() => (running = null))
    }, interval)
    timer.unref()
    app.addHook('onClose', async () => {
      clearInterval(timer)
      await running
    })
  },
  { name: 'tickets', dependencies: ['db'] },
)
