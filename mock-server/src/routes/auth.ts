import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { LoginBody, LoginResponse } from '@contract/auth'
import { rateLimit } from '../lib/rate-limits'
import { errorResponses } from '../lib/route-schemas'
import { createSession, findOrCreateUser, toUser } from '../services/auth'

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
      const { openid } = await app.code2Session.exchange(request.body.code)
      const now = app.clock.now()
      const user = await findOrCreateUser(app.db, openid, now)
      const session = await createSession(app.db, user.id, now)
      return { ...session, user: toUser(user) }
    },
  )
}

export default authRoutes
