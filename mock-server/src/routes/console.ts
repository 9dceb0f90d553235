/**
 * /api/console: staff sign-in with account name and password for the operator console.
 * Login sets the HttpOnly, SameSite=Strict session cookie and answers the CSRF token the page
 * sends back as X-CSRF-Token; /me answers the same for a page that reloads; logout ends it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { CONSOLE_COOKIE, StaffLoginBody, StaffSession } from '@contract/console'
import type { StaffSession as StaffSessionType } from '@contract/console'
import { ApiError } from '../lib/api-error'
import { bearerAuth, errorResponses } from '../lib/route-schemas'
import { toUser } from '../services/auth'
import { STAFF_SESSION_HOURS, staffLogin, staffLogout } from '../services/staff-auth'
import { createLoginGuard } from '../services/staff-login-guard'

const COOKIE_PATH = '/api'

const consoleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Failed sign-ins only, per account name and per address (services/staff-login-guard.ts).
  const guard = createLoginGuard(app.clock, app.config.rateLimitScale)
  app.post(
    '/console/login',
    {
      schema: {
        tags: ['console'],
        summary: 'Staff sign-in with account name and password; sets the session cookie',
        body: StaffLoginBody,
        response: { 200: StaffSession, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const attempt = guard?.begin(request.body.name, request.ip)
      if (attempt?.blocked) {
        const { retryAfterSeconds, by } = attempt.blocked
        reply.header('retry-after', String(retryAfterSeconds))
        throw new ApiError(429, 'RATE_LIMITED', `Too many failed sign-ins ${by === 'name' ? 'for this account' : 'from this address'}; retry in ${retryAfterSeconds} s`)
      }
      const { token, session } = await staffLogin(app.db, request.body.name, request.body.password, app.clock.now())
      attempt?.succeeded()
      reply.setCookie(CONSOLE_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: 'auto',
        path: COOKIE_PATH,
        maxAge: STAFF_SESSION_HOURS * 3600,
      })
      return session
    },
  )

  app.post(
    '/console/logout',
    {
      schema: {
        tags: ['console'],
        summary: 'End the console session (cookie requests need X-CSRF-Token); always clears the cookie',
        response: { 204: Type.Null(), ...errorResponses(403) },
      },
    },
    async (request, reply) => {
      if (request.user?.role === 'resident') throw new ApiError(403, 'FORBIDDEN', 'The console is for staff')
      if (request.staffSession) await staffLogout(app.db, request.staffSession.token)
      reply.clearCookie(CONSOLE_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: 'auto' })
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/console/me',
    {
      preHandler: app.requireRole('dispatcher', 'worker'),
      schema: {
        tags: ['console'],
        summary: 'Who is signed in, and the CSRF token of the cookie session (staff only)',
        security: bearerAuth,
        response: { 200: StaffSession, ...errorResponses(401, 403) },
      },
    },
    async (request): Promise<StaffSessionType> => {
      const user = request.user!
      const session = request.staffSession
      if (session) return { user: toUser(user), accountName: session.accountName, csrfToken: session.csrfToken, expiresAt: session.expiresAt }
      const account = await app.db.selectFrom('staff_accounts').select('login_name').where('user_id', '=', user.id).executeTakeFirst()
      return { user: toUser(user), accountName: account?.login_name ?? null, csrfToken: null, expiresAt: null }
    },
  )
}

export default consoleRoutes
