/**
 * Console sessions: the HttpOnly, SameSite=Strict cookie resolves to `request.user` like a bearer
 * token does (registered right after the auth plugin, so its onRequest hook runs after the bearer
 * lookup and before any route). A bearer header wins over the cookie.
 *
 * CSRF: a request authenticated BY THE COOKIE with an unsafe method must carry `X-CSRF-Token`
 * equal to the session's token (from login or /api/console/me), else 403 before anything runs.
 * Bearer requests are not cookie-borne (a page cannot make a browser add the header), so need none.
 * Also seeds the development staff accounts (not when NODE_ENV=production).
 */
import cookie from '@fastify/cookie'
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { CONSOLE_COOKIE, CSRF_HEADER } from '@contract/console'
import { ApiError } from '../lib/api-error'
import { csrfMatches, lookupStaffSession, seedStaffAccounts, type CookieSession } from '../services/staff-auth'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the cookie (not a bearer token) signed this request in. */
    staffSession: CookieSession | null
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])
/** Signing in needs no session, so a stale cookie must not get in its way. */
const LOGIN_URL = '/api/console/login'

export default fp(
  async (app) => {
    if (!app.hasDecorator('parseCookie')) await app.register(cookie)
    app.decorateRequest('staffSession', null)

    const signIn = async (request: FastifyRequest, token: string) => {
      const session = await lookupStaffSession(app.db, token, app.clock.now())
      if (!session) return
      if (!SAFE.has(request.method) && !csrfMatches(token, request.headers[CSRF_HEADER])) {
        throw new ApiError(403, 'FORBIDDEN', 'CSRF token missing or wrong: send the X-CSRF-Token header from /api/console/me')
      }
      request.user = session.user
      request.staffSession = session
    }
    // Callback style, not async: a request without the cookie costs no promise (#19).
    app.addHook('onRequest', (request: FastifyRequest, _reply, done) => {
      if (request.headers.authorization || request.user) return done()
      const token = request.cookies[CONSOLE_COOKIE]
      if (!token || request.routeOptions.url === LOGIN_URL) return done()
      signIn(request, token).then(() => done(), (error: Error) => done(error))
    })

    if (process.env.NODE_ENV !== 'production') {
      const seeded = await seedStaffAccounts(app)
      if (seeded) app.log.info({ accounts: seeded }, 'development staff accounts seeded')
    }
  },
  { name: 'staff-session', dependencies: ['db', 'auth', 'workforce'] },
)
