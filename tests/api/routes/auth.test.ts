/** /api/auth: sign-in with a code, sign-out. (Worker binding has its own tests under routes/work*.) */
import crypto from 'node:crypto'
import { injectAs, login, useTestApp } from '../../helpers/app'

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex')

describe('auth routes', () => {
  const ctx = useTestApp()

  describe('POST /api/auth/login', () => {
    it('exchanges a development code for a bearer token, the same user for the same code', async () => {
      const first = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { code: 'dev:auth-alice' } })
      expect(first.statusCode).toBe(200)
      const body = first.json<{ token: string; expiresAt: string; user: { id: number; role: string; displayName: string } }>()
      expect(body.user.role).toBe('resident')
      expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now())
      const again = (await login(ctx.app, 'auth-alice')).user
      expect(again.id).toBe(body.user.id)
      expect((await login(ctx.app, 'auth-bob')).user.id).not.toBe(body.user.id)

      // Stored: one user for the code, and the session by the token's hash only.
      const users = await ctx.app.db.selectFrom('users').select('id').where('openid', '=', 'dev:auth-alice').execute()
      expect(users).toHaveLength(1)
      const session = await ctx.app.db.selectFrom('sessions').selectAll().where('token_hash', '=', sha256(body.token)).executeTakeFirst()
      expect(session?.user_id).toBe(body.user.id)
      const raw = await ctx.app.db.selectFrom('sessions').select('token_hash').where('token_hash', '=', body.token).executeTakeFirst()
      expect(raw).toBeUndefined()
    })

    it('refuses a body without a code, or with unknown fields, and signs nobody in', async () => {
      const before = await ctx.app.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      for (const payload of [{}, { code: '' }, { code: 'dev:x', role: 'dispatcher' }]) {
        const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload })
        expect(res.statusCode).toBe(400)
        expect(res.json().code).toBe('VALIDATION_FAILED')
      }
      const after = await ctx.app.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      expect(Number(after.n)).toBe(Number(before.n))
    })

    it('signs staff in with their role', async () => {
      expect((await login(ctx.app, 'dispatcher')).user.role).toBe('dispatcher')
    })
  })

  describe('POST /api/auth/logout', () => {
    it('revokes the token at once: the next request with it is 401', async () => {
      const { token } = await login(ctx.app, 'auth-leaver')
      expect((await injectAs(ctx.app, token, { method: 'GET', url: '/api/messages' })).statusCode).toBe(200)
      const out = await injectAs(ctx.app, token, { method: 'POST', url: '/api/auth/logout', payload: {} })
      expect(out.statusCode).toBeLessThan(300)
      expect(await ctx.app.db.selectFrom('sessions').select('user_id').where('token_hash', '=', sha256(token)).executeTakeFirst()).toBeUndefined()
      const after = await injectAs(ctx.app, token, { method: 'GET', url: '/api/messages' })
      expect(after.statusCode).toBe(401)
      expect(after.json().code).toBe('UNAUTHORIZED')
    })

    it('is 401 without a token', async () => {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', payload: {} })
      expect(res.statusCode).toBe(401)
    })
  })
})
