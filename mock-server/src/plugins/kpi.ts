/**
 * `app.kpi`: the one KPI service (services/kpi.ts) for the console's dashboard and the resident
 * transparency page. Answers are cached in memory until a ticket changes (the newest live-event id
 * moves) or the minute turns.
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
        cache: {
          version: async () => {
            const row = await app.db.selectFrom('live_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst()
            return Number(row?.id ?? 0)
          },
        },
      }),
    )
  },
  { name: 'kpi', dependencies: ['db', 'geo', 'events'] },
)
