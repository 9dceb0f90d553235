/**
 * Identity: `request.user` from `Authorization: Bearer <token>`, plus preHandlers that demand
 * a signed-in user (401) or a role (403). Also holds the code2Session client used by login.
 */
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import type { UserRole } from '@contract/lifecycle'
import { ApiError } from '../lib/api-error'
import { createCode2Session, type Code2SessionClient } from '../lib/wechat'
import { sessionLookup, type SessionUser } from '../services/auth'

declare module 'fastify' {
  interface FastifyInstance {
    code2Session: Code2SessionClient
    /** preHandler: any signed-in user. */
    authenticate: preHandlerAsyncHookHandler
    /** preHandler factory: a signed-in user with one of these roles. */
    requireRole(...roles: UserRole[]): preHandlerAsyncHookHandler
  }
  interface FastifyRequest {
    user: SessionUser | null
  }
}

export interface AuthOptions {
  code2Session?: Code2SessionClient
}

export default fp(
  async (app, opts: AuthOptions) => {
    const lookup = sessionLookup(app.database)
    app.decorate('code2Session', opts.code2Session ?? createCode2Session(app.config.wxAppId, app.config.wxSecret, app.config.wxApiBase))
    app.decorateRequest('user', null)

    // Callback style, not async: a request without a bearer token (every public GET) costs no promise (#19).
    app.addHook('onRequest', (request: FastifyRequest, _reply, done) => {
      const header = request.headers.authorization
      if (!header?.startsWith('Bearer ')) return done()
      lookup(header.slice(7).trim(), app.clock.now()).then(
        (user) => {
          request.user = user ?? null
          done()
        },
        (error: Error) => done(error),
      )
    })

    const authenticate = async (request: FastifyRequest, _reply: FastifyReply) => {
      if (!request.user) throw new ApiError(401, 'UNAUTHORIZED', 'Sign in first: POST /api/auth/login, then send Authorization: Bearer <token>')
    }
    app.decorate('authenticate', authenticate)
    app.decorate('requireRole', (...roles: UserRole[]) => async (request: FastifyRequest, reply: FastifyReply) => {
      await authenticate(request, reply)
      if (!roles.includes(request.user!.role)) throw new ApiError(403, 'FORBIDDEN', `Only ${roles.join(' or ')} may do this`)
    })
  },
  { name: 'auth', dependencies: ['db'] },
)
