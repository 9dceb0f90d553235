/** Everything under /api, one file per resource. */
import type { FastifyPluginAsync } from 'fastify'
import categoryRoutes from './categories'
import healthRoutes from './health'

const apiRoutes: FastifyPluginAsync = async (app) => {
  await app.register(healthRoutes)
  await app.register(categoryRoutes)
}

export default apiRoutes
