import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { LoginBody, LoginResponse } from '@contract/auth'
import { BindWorkerBody, BindWorkerResponse } from '@contract/work'
import { ApiError } from '../lib/api-error'
import { rateLimit } from '../lib/rate-limits'
import { bearerAuth, errorResponses } from '../lib/route-schemas'
import { createSession, findOrCreateUser, toUser } from '../services/auth'
import { bearerToken, revokeSession } from '../services/sessions'
import { bindWorker, boundWorkerOf, markSignedIn } from '../services/work/binding'

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/auth/login',
    {
      config: { rateLimit: rateLimit(app, 'login') },
      schema: {
        tags: ['auth'],
        summary: 'Exchange a wx.login code (or a dev:<name> code) for a bearer token',
        body: LoginBody,
        response: { 200: LoginResponse, ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      // Development sign-in never works in production, whatever client is configured.
      if (app.config.production && request.body.code.startsWith('dev:')) {
        throw new ApiError(403, 'FORBIDDEN', 'Development sign-in (dev: codes) is off when NODE_ENV=production')
      }
      const { openid } = await app.code2Session.exchange(request.body.code)
      const now = app.clock.now()
      // An account bound to a worker record signs in as that worker.
      const user = (await boundWorkerOf(app.db, openid)) ?? (await findOrCreateUser(app.db, openid, now))
      if (user.role === 'worker') await markSignedIn(app.db, user.id, now)
      const session = await createSession(app.db, user.id, now)
      return { ...session, user: toUser(user) }
    },
  )

  app.post(
    '/auth/logout',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['auth'],
        summary: 'Sign out: the bearer token is revoked at once (the next request with it gets 401)',
        security: bearerAuth,
        response: { 204: Type.Null(), ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      const token = bearerToken(request.headers.authorization)
      if (token) await revokeSession(app.db, token)
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/auth/bind-worker',
    {
      preHandler: app.authenticate,
      config: { rateLimit: rateLimit(app, 'bindWorker') },
      schema: {
        tags: ['auth'],
        summary: "Bind the caller's WeChat account to a worker with the dispatcher's one-time code; answers a new session as the worker",
        description: 'A used code: 400 BINDING_CODE_USED; an expired one (24 h): 400 BINDING_CODE_EXPIRED; an unknown one: 400 VALIDATION_FAILED.',
        security: bearerAuth,
        body: BindWorkerBody,
        response: { 200: BindWorkerResponse, ...errorResponses(400, 401, 403, 409, 429) },
      },
    },
    async (request) => bindWorker(app, request.user!, request.body.code),
  )
}

export default authRoutes
