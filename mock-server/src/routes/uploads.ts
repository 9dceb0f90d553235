import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

/** POST /api/uploads: filled by the photos work. */
const uploadRoutes: FastifyPluginAsyncTypebox = async () => {}

export default uploadRoutes
