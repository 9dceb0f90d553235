/**
 * Staff sign-in for the console: account + password, the session cookie's flags, CSRF on unsafe
 * cookie requests, logout, the failed-sign-in limits (per account name and per address), and
 * residents kept out (403).
 */
import crypto from 'node:crypto'
import type { StaffSession } from '@contract/console'
import type { LightMyRequestResponse } from 'fastify'
import { DEV_PASSWORDS } from '../../../../mock-server/src/services/staff-auth'
import { FakeClock } from '../../../../mock-server/src/lib/clock'
import { buildTestApp, injectAs, login } from '../../../helpers/app'
import { fileTicketOk } from '../../../helpers/tickets'

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex')

function sessionCookie(res: LightMyRequestResponse) {
  const cookie = res.cookies.find((c) => c.name === 'ybs_console')
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(res.headers['set-cookie'])}`)
  return cookie
}

describe('console sign-in', () => {
  let ctx: Awaited<ReturnType<typeof buildTestApp>>
  beforeAll(async () => {
    ctx = await buildTestApp({ rateLimitScale: 100 }, { maintenanceIntervalMs: 0 })
  })
  afterAll(() => ctx.cleanup())

  const signIn = (name: string, password: string) => ctx.app.inject({ method: 'POST', url: '/api/console/login', payload: { name, password } })
  async function signedIn(name = 'dispatcher', password: string = DEV_PASSWORDS.dispatcher) {
    const res = await signIn(name, password)
    expect(res.statusCode).toBe(200)
    return { cookie: `ybs_console=${sessionCookie(res).value}`, token: sessionCookie(res).value, session: res.json<StaffSession>() }
  }

  describe('POST /api/console/login', () => {
    it('signs the dispatcher in with an HttpOnly, SameSite=Strict cookie, stored only as a hash', async () => {
      const res = await signIn('dispatcher', DEV_PASSWORDS.dispatcher)
      expect(res.statusCode).toBe(200)
      const body = res.json<StaffSession>()
      expect(body).toMatchObject({ user: { role: 'dispatcher', displayName: '白云区调度中心' }, accountName: 'dispatcher' })
      expect(body.csrfToken).toMatch(/^[\w-]{40,}$/)
      const cookie = sessionCookie(res)
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api', maxAge: 12 * 3600 })
      const header = String(res.headers['set-cookie'])
      expect(header).toMatch(/HttpOnly/)
      expect(header).toMatch(/SameSite=Strict/)
      const stored = await ctx.app.db.selectFrom('staff_sessions').selectAll().where('user_id', '=', body.user.id).execute()
      expect(stored.map((row) => row.token_hash)).toContain(sha256(cookie.value))
      expect(stored.map((row) => row.token_hash)).not.toContain(cookie.value)
    })

    it('signs a worker in (the 358th too), names are case-insensitive', async () => {
      const { session } = await signedIn('Worker-358', DEV_PASSWORDS.worker)
      expect(session).toMatchObject({ user: { role: 'worker' }, accountName: 'worker-358' })
    })

    it('answers the same 401 for a wrong password and an unknown account, and writes no session', async () => {
      const before = await ctx.app.db.selectFrom('staff_sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      const wrong = await signIn('dispatcher', 'not-the-password')
      const unknown = await signIn('nobody', DEV_PASSWORDS.dispatcher)
      const swapped = await signIn('dispatcher', DEV_PASSWORDS.worker)
      for (const res of [wrong, unknown, swapped]) {
        expect(res.statusCode).toBe(401)
        expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED', message: 'Wrong account name or password' })
        expect(res.headers['set-cookie']).toBeUndefined()
      }
      const after = await ctx.app.db.selectFrom('staff_sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      expect(Number(after.n)).toBe(Number(before.n))
    })

    it('names the field of a bad body', async () => {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/console/login', payload: { name: 'dispatcher' } })
      expect(res.statusCode).toBe(400)
      expect(res.json().details[0].field).toBe('body.password')
      const extra = await ctx.app.inject({ method: 'POST', url: '/api/console/login', payload: { name: 'a', password: 'b', role: 'dispatcher' } })
      expect(extra.json().details[0].field).toBe('body.role')
    })

    it('stores scrypt hashes: the dispatcher and the workers do not share one', async () => {
      const rows = await ctx.app.db.selectFrom('staff_accounts').select(['login_name', 'password_hash']).execute()
      expect(rows).toHaveLength(359)
      const dispatcher = rows.find((row) => row.login_name === 'dispatcher')!
      expect(dispatcher.password_hash).toMatch(/^scrypt\$16384\$8\$1\$[\w+/=]+\$[\w+/=]+$/)
      expect(dispatcher.password_hash).not.toContain(DEV_PASSWORDS.dispatcher)
      expect(rows.find((row) => row.login_name === 'worker-1')!.password_hash).not.toBe(dispatcher.password_hash)
    })
  })

  describe('GET /api/console/me', () => {
    it('answers the cookie session with the same CSRF token as the login', async () => {
      const { cookie, session } = await signedIn()
      const res = await ctx.app.inject({ method: 'GET', url: '/api/console/me', headers: { cookie } })
      expect(res.statusCode).toBe(200)
      expect(res.json<StaffSession>()).toEqual(session)
    })

    it('answers a staff bearer token without a CSRF token', async () => {
      const { token } = await login(ctx.app, 'dispatcher')
      const res = await injectAs(ctx.app, token, { method: 'GET', url: '/api/console/me' })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toMatchObject({ user: { role: 'dispatcher' }, accountName: 'dispatcher', csrfToken: null, expiresAt: null })
    })

    it('401 without a session, 401 with a forged cookie, 403 for a resident bearer token', async () => {
      expect((await ctx.app.inject({ method: 'GET', url: '/api/console/me' })).statusCode).toBe(401)
      expect((await ctx.app.inject({ method: 'GET', url: '/api/console/me', headers: { cookie: 'ybs_console=forged' } })).statusCode).toBe(401)
      const { token } = await login(ctx.app, 'alice')
      const res = await injectAs(ctx.app, token, { method: 'GET', url: '/api/console/me' })
      expect(res.statusCode).toBe(403)
      expect(res.json().code).toBe('FORBIDDEN')
    })
  })

  describe('CSRF on cookie requests', () => {
    it('refuses an unsafe cookie request without the right X-CSRF-Token, and changes nothing', async () => {
      const { token: resident } = await login(ctx.app, 'alice')
      const ticket = await fileTicketOk(ctx.app, resident)
      const { cookie, session } = await signedIn()
      const accept = (headers: Record<string, string>) =>
        ctx.app.inject({ method: 'POST', url: `/api/ops/tickets/${ticket.id}/accept`, payload: {}, headers: { cookie, ...headers } })

      for (const headers of [{}, { 'x-csrf-token': 'wrong' }, { 'x-csrf-token': session.csrfToken!.slice(1) }] as Record<string, string>[]) {
        const res = await accept(headers)
        expect(res.statusCode).toBe(403)
        expect(res.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/CSRF/) })
      }
      const untouched = await ctx.app.db.selectFrom('tickets').select('status').where('id', '=', ticket.id).executeTakeFirstOrThrow()
      expect(untouched.status).toBe('submitted')

      const ok = await accept({ 'x-csrf-token': session.csrfToken! })
      expect(ok.statusCode).toBe(200)
      expect(ok.json().status).toBe('accepted')
    })

    it('lets GET through with the cookie alone, and bearer requests need no token', async () => {
      const { cookie } = await signedIn()
      expect((await ctx.app.inject({ method: 'GET', url: '/api/ops/workers', headers: { cookie } })).statusCode).toBe(200)
      const { token: resident } = await login(ctx.app, 'bob')
      const ticket = await fileTicketOk(ctx.app, resident)
      const { token } = await login(ctx.app, 'dispatcher')
      const res = await injectAs(ctx.app, token, { method: 'POST', url: `/api/ops/tickets/${ticket.id}/accept`, payload: {} })
      expect(res.statusCode).toBe(200)
    })

    it('a stale cookie does not stand in the way of signing in again', async () => {
      const { cookie } = await signedIn()
      const res = await ctx.app.inject({ method: 'POST', url: '/api/console/login', payload: { name: 'dispatcher', password: DEV_PASSWORDS.dispatcher }, headers: { cookie } })
      expect(res.statusCode).toBe(200)
    })
  })

  describe('POST /api/console/logout', () => {
    it('ends the session: the row is gone, the cookie cleared, /me says 401', async () => {
      const { cookie, token, session } = await signedIn()
      expect((await ctx.app.inject({ method: 'POST', url: '/api/console/logout', headers: { cookie } })).statusCode).toBe(403)
      const res = await ctx.app.inject({ method: 'POST', url: '/api/console/logout', headers: { cookie, 'x-csrf-token': session.csrfToken! } })
      expect(res.statusCode).toBe(204)
      const cleared = sessionCookie(res)
      expect(cleared.value).toBe('')
      expect(new Date(cleared.expires!).getTime()).toBeLessThan(Date.now())
      const row = await ctx.app.db.selectFrom('staff_sessions').select('user_id').where('token_hash', '=', sha256(token)).executeTakeFirst()
      expect(row).toBeUndefined()
      expect((await ctx.app.inject({ method: 'GET', url: '/api/console/me', headers: { cookie } })).statusCode).toBe(401)
    })
  })
})

describe('residents and the console', () => {
  let ctx: Awaited<ReturnType<typeof buildTestApp>>
  beforeAll(async () => {
    ctx = await buildTestApp({ rateLimitScale: 0 }, { maintenanceIntervalMs: 0 })
  })
  afterAll(() => ctx.cleanup())

  // Every row has three cells: jest takes a test function with more parameters than cells for a `done` callback.
  const ROUTES: ['GET' | 'POST', string, object | null][] = [
    ['GET', '/api/console/me', null],
    ['POST', '/api/console/logout', {}],
    ['GET', '/api/ops/events', null],
    ['GET', '/api/ops/tickets', null],
    ['GET', '/api/ops/map/grids', null],
    ['GET', '/api/ops/map/tickets', null],
    ['GET', '/api/ops/map/workers', null],
    ['GET', '/api/ops/tickets/1/suggestions', null],
    ['POST', '/api/ops/tickets/1/merge', { intoId: 2 }],
    ['POST', '/api/ops/tickets/1/reply', { text: '你好' }],
    ['GET', '/api/ops/kpi', null],
    ['GET', '/api/ops/export/tickets.csv', null],
    ['GET', '/api/ops/export/kpi.csv', null],
  ]

  it.each(ROUTES)('a resident token on %s %s: 403', async (method, url, payload) => {
    const { token } = await login(ctx.app, 'alice')
    const res = await injectAs(ctx.app, token, { method, url, ...(payload ? { payload } : {}) })
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('FORBIDDEN')
  })
})

describe('console sign-in rate limit (failed attempts only)', () => {
  const clock = new FakeClock()
  let ctx: Awaited<ReturnType<typeof buildTestApp>>
  beforeAll(async () => {
    ctx = await buildTestApp({}, { clock, maintenanceIntervalMs: 0 })
  })
  afterAll(() => ctx.cleanup())

  const attempt = (name: string, password: string, remoteAddress: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/console/login', payload: { name, password }, remoteAddress })

  it('never blocks a dispatcher who signs in and out many times', async () => {
    for (let i = 0; i < 15; i++) {
      const res = await attempt('dispatcher', DEV_PASSWORDS.dispatcher, '10.1.0.1')
      expect(res.statusCode).toBe(200)
      const cookie = `ybs_console=${sessionCookie(res).value}`
      const out = await ctx.app.inject({ method: 'POST', url: '/api/console/logout', headers: { cookie, 'x-csrf-token': res.json<StaffSession>().csrfToken! } })
      expect(out.statusCode).toBe(204)
    }
  })

  it('blocks an account name after 10 wrong passwords, from any address, even with the right one; others still sign in', async () => {
    for (let i = 0; i < 10; i++) expect((await attempt('worker-7', `guess-${i}`, `10.2.0.${i}`)).statusCode).toBe(401)
    const limited = await attempt('worker-7', DEV_PASSWORDS.worker, '10.2.1.1')
    expect(limited.statusCode).toBe(429)
    expect(limited.json().code).toBe('RATE_LIMITED')
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect(limited.headers['set-cookie']).toBeUndefined()
    // The name is blocked, not the addresses the guesses came from, nor other accounts.
    expect((await attempt('worker-8', DEV_PASSWORDS.worker, '10.2.0.1')).statusCode).toBe(200)
    // The window passes: the account signs in again.
    clock.advance(15 * 60_000 + 1000)
    expect((await attempt('worker-7', DEV_PASSWORDS.worker, '10.2.1.1')).statusCode).toBe(200)
  })

  it('blocks an address after 30 failures over any names, and only that address', async () => {
    for (let i = 0; i < 30; i++) expect((await attempt(`nobody-${i}`, 'guess', '10.3.0.1')).statusCode).toBe(401)
    const limited = await attempt('dispatcher', DEV_PASSWORDS.dispatcher, '10.3.0.1')
    expect(limited.statusCode).toBe(429)
    expect(limited.json().code).toBe('RATE_LIMITED')
    expect((await attempt('dispatcher', DEV_PASSWORDS.dispatcher, '10.3.0.2')).statusCode).toBe(200)
  })

  it('counts guesses sent at once: 12 in parallel, at most 10 are checked', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt('worker-9', `guess-${i}`, `10.4.0.${i}`)))
    const codes = answers.map((res) => res.statusCode).sort()
    expect(codes.filter((code) => code === 401)).toHaveLength(10)
    expect(codes.filter((code) => code === 429)).toHaveLength(2)
  })
})

describe('development accounts', () => {
  it('are not seeded when NODE_ENV=production', async () => {
    const previous = process.env.NODE_ENV
    process.env.NODE_ENV = 'production'
    let ctx: Awaited<ReturnType<typeof buildTestApp>> | undefined
    try {
      ctx = await buildTestApp({}, { maintenanceIntervalMs: 0 })
    } finally {
      process.env.NODE_ENV = previous
    }
    const rows = await ctx.app.db.selectFrom('staff_accounts').select('user_id').execute()
    expect(rows).toHaveLength(0)
    const res = await ctx.app.inject({ method: 'POST', url: '/api/console/login', payload: { name: 'dispatcher', password: DEV_PASSWORDS.dispatcher } })
    expect(res.statusCode).toBe(401)
    await ctx.cleanup()
  })
})
