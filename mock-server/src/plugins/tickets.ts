/**
 * Ticket infrastructure: an in-process event bus (the simulator listens for new and reopened
 * tickets) and the timer that applies time-driven rules (escalation, auto-close), on the leader.
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
    // On the leader only: with several instances on PostgreSQL the rules run once, not once per instance.
    if (interval > 0) app.cluster.every('maintenance', interval, () => runTicketMaintenance(app))
  },
  { name: 'tickets', dependencies: ['db', 'cluster'] },
)
