import { buildTestApp } from '../helpers/app'

describe('rate limits', () => {
  it('answers 429 RATE_LIMITED past the login limit, per client', async () => {
    const ctx = await buildTestApp({ rateLimitScale: 0.1 }) // 30/min × 0.1 = 3 logins a minute
    try {
      const codes = []
      for (let i = 0; i < 4; i++) {
        codes.push((await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { code: `dev:burst-${i}` } })).statusCode)
      }
      expect(codes).toEqual([200, 200, 200, 429])
      const refused = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { code: 'dev:burst-9' } })
      expect(refused.json().code).toBe('RATE_LIMITED')
      expect(refused.headers['retry-after']).toBeDefined()
    } finally {
      await ctx.cleanup()
    }
  })

  it('can be turned off for benchmarks (RATE_LIMIT_SCALE=0)', async () => {
    const ctx = await buildTestApp({ rateLimitScale: 0 })
    try {
      for (let i = 0; i < 40; i++) {
        expect((await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { code: `dev:many-${i}` } })).statusCode).toBe(200)
      }
    } finally {
      await ctx.cleanup()
    }
  })
})
