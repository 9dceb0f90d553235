import { useTestApp } from '../../helpers/app'
import { version } from '../../../package.json'

describe('GET /api/health', () => {
  const ctx = useTestApp()

  it('says the service is up, for which district, and what it holds', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/health' })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ status: 'ok', version, district: '广州市白云区' })
    expect(body.counts.categories).toBeGreaterThanOrEqual(8)
    expect(Date.parse(body.time)).not.toBeNaN()
  })
})
