import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CategoryList } from '@contract/schemas'
import { listCategories } from '../services/categories'

const categoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/categories',
    {
      schema: {
        tags: ['categories'],
        summary: 'Problem categories residents can report, grouped, with their SLA',
        response: { 200: CategoryList },
      },
    },
    async () => ({ items: await listCategories(app.db) }),
  )
}

export default categoryRoutes
