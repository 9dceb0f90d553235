/**
 * `app.kpi`: the one KPI service (services/kpi.ts) for the console's dashboard and the resident
 * transparency page. Answers are cached in memory until a ticket changes (a new `ticket` live event)
 * or the minute turns.
 */
import fp from 'fastify-plugin'
import { createKpiService, type KpiService } from '../services/kpi'

declare module 'fastify' {
  interface FastifyInstance {
    kpi: KpiService
  }
}

export default fp(
  async (app) => {
    const streets = app.geo.streets.map((street) => street.name)
    app.decorate(
      'kpi',
      createKpiService({
        db: app.db,
        clock: app.clock,
        streets: () => streets,
        // Worker positions stream by many a second and change no KPI: only ticket events count.
        cache: { version: () => app.events.hub.versionOf('ticket') },
      }),
    )
  },
  { name: 'kpi', dependencies: ['db', 'geo', 'events'] },
)
