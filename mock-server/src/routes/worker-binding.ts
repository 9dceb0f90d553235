/** POST /api/ops/workers/:id/binding-code: the dispatcher makes a one-time code for a worker's phone. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { BindingCodeResponse, WorkerIdParams } from '@contract/work'
import { bearerAuth, errorResponses } from '../lib/route-schemas'
import { createBindingCode } from '../services/work/binding'

const workerBindingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/workers/:id/binding-code',
    {
      preHandler: app.requireRole('dispatcher'),
      schema: {
        tags: ['ops'],
        summary: "A one-time binding code (8 characters, 24 h) for the worker's WeChat account; earlier unused codes stop working",
        security: bearerAuth,
        params: WorkerIdParams,
        response: { 201: BindingCodeResponse, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await createBindingCode(app, request.params.id, request.user!)),
  )
}

export default workerBindingRoutes
