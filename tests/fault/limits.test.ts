/**
 * Limits over real HTTP: every way of filing a ticket (POST /api/tickets, a facility problem,
 * Open311 POST) counts against ONE limit, also when the requests arrive all at once.
 */
import type { AddressInfo } from 'node:net'
import crypto from 'node:crypto'
import { buildTestApp, login } from '../helpers/app'

describe('one filing limit', () => {
  it('lets exactly the limit through when 30 filings race over the three routes', async () => {
    // 20 a minute × 0.5 = 10.
    const ctx = await buildTestApp({ rateLimitScale: 0.5 }, { maintenanceIntervalMs: 0 })
    try {
      await ctx.app.listen({ host: '127.0.0.1', port: 0 })
      const base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`
      const user = await login(ctx.app, 'racer')
      const facility = await ctx.app.db.selectFrom('facilities').select('id').limit(1).executeTakeFirstOrThrow()
      const json = (path: string, body: object) =>
        fetch(base + path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}`, 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify(body),
        })
      const ticket = () => json('/api/tickets', { categoryId: 'exposed_garbage', description: '竞速上报', photoIds: [], location: { lat: 23.17, lng: 113.275, coordSystem: 'gcj02' } })
      const problem = () => json(`/api/facilities/${facility.id}/feedback`, { score: 1, problem: { description: '竞速上报' } })
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? ticket() : problem()).then((res) => res.status)))
      expect(answers.filter((status) => status === 429)).toHaveLength(20)
      expect(answers.filter((status) => status === 200 || status === 201)).toHaveLength(10)
      const stored = await ctx.app.db.selectFrom('tickets').select((eb) => eb.fn.countAll().as('n')).where('reporter_id', '=', user.user.id).executeTakeFirstOrThrow()
      expect(Number(stored.n)).toBe(10)

      // Open311 without a user: the same counter space, per client IP (this test's loopback address).
      const open311 = await Promise.all(
        Array.from({ length: 14 }, () =>
          fetch(`${base}/open311/v2/requests.json`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ api_key: 'dev-open311-key', service_code: 'exposed_garbage', lat: '23.1727', long: '113.2697', description: '竞速上报' }).toString(),
          }).then((res) => res.status),
        ),
      )
      expect(open311.filter((status) => status === 200)).toHaveLength(10)
      expect(open311.filter((status) => status === 429)).toHaveLength(4)
    } finally {
      await ctx.cleanup()
    }
  })
})
