import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

/** /api/facilities: filled by the geo/facilities work. */
const facilityRoutes: FastifyPluginAsyncTypebox = async () => {}

export default facilityRoutes
