import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Health } from '@contract/schemas'
import { version } from '../../../package.json'
import { DISTRICT_NAME } from '../lib/district'

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness, version and what the database holds',
        response: { 200: Health },
      },
    },
    async () => {
      const count = (table: 'categories' | 'tickets') =>
        app.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      const [categories, tickets] = await Promise.all([count('categories'), count('tickets')])
      return {
        status: 'ok' as const,
        version,
        district: DISTRICT_NAME,
        time: app.clock.now().toISOString(),
        counts: { categories: Number(categories.n), facilities: await app.facilities.count(), tickets: Number(tickets.n) },
      }
    },
  )
}

export default healthRoutes
