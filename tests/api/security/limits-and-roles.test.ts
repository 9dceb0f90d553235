/**
 * #17.4-7 and #17.9: one filing limit for every route, 400 for broken multipart, 413 for pixel bombs,
 * the dispatcher's duty call, sign-out with revocation, expired sessions, dev sign-in in production,
 * and the 408 for a stalled body on a real socket.
 */
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import zlib from 'node:zlib'
import sharp from 'sharp'
import { serverTimeouts } from '../../../mock-server/src/lib/server-limits'
import { FakeClock } from '../../../mock-server/src/lib/clock'
import { runTicketMaintenance } from '../../../mock-server/src/services/tickets/maintenance'
import { buildTestApp, injectAs, login, useTestApp } from '../../helpers/app'
import { multipart } from '../../helpers/photos'
import { fileTicket } from '../../helpers/tickets'
import { API_KEY, BASE, form, validRequest } from '../open311/helpers'

/** A 64×64 PNG whose header claims width×height (CRC fixed, so only the size is wrong). */
async function pngClaiming(width: number, height: number) {
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } }).png().toBuffer()
  png.writeUInt32BE(width, 16)
  png.writeUInt32BE(height, 20)
  png.writeUInt32BE(zlib.crc32(png.subarray(12, 29)) >>> 0, 29)
  return png
}

describe('limits and roles', () => {
  it('has ONE filing limit for POST /api/tickets, facility problems and Open311 (per user; per IP without one)', async () => {
    // 20 a minute × 0.2 = 4 filings a minute.
    const ctx = await buildTestApp({ rateLimitScale: 0.2 }, { maintenanceIntervalMs: 0 })
    try {
      const alice = await login(ctx.app, 'limit-alice')
      const facility = await ctx.app.db.selectFrom('facilities').select('id').limit(1).executeTakeFirstOrThrow()
      const feedback = (n: number) =>
        injectAs(ctx.app, alice.token, {
          method: 'POST',
          url: `/api/facilities/${facility.id}/feedback`,
          headers: { 'idempotency-key': `fb-key-${n}` },
          payload: { score: 2, problem: { description: `厕所没水${n}` } },
        })
      const codes = [
        (await fileTicket(ctx.app, alice.token)).statusCode,
        (await fileTicket(ctx.app, alice.token)).statusCode,
        (await feedback(1)).statusCode,
        (await fileTicket(ctx.app, alice.token)).statusCode,
        (await feedback(2)).statusCode,
        (await fileTicket(ctx.app, alice.token)).statusCode,
      ]
      expect(codes).toEqual([201, 201, 200, 201, 429, 429])
      const stored = await ctx.app.db.selectFrom('tickets').select((eb) => eb.fn.countAll().as('n')).where('reporter_id', '=', alice.user.id).executeTakeFirstOrThrow()
      expect(Number(stored.n)).toBe(4)
      // A rating without a problem files nothing and is not limited by filings.
      expect((await injectAs(ctx.app, alice.token, { method: 'POST', url: `/api/facilities/${facility.id}/feedback`, payload: { score: 4 } })).statusCode).toBe(200)
      // Open311 from one address: the same counter space, keyed by IP.
      const posts = []
      for (let i = 0; i < 5; i++) {
        posts.push(
          (await ctx.app.inject({ method: 'POST', url: `${BASE}/requests.json`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(validRequest({ description: `第${i}个` })) }))
            .statusCode,
        )
      }
      expect(posts).toEqual([200, 200, 200, 200, 429])
    } finally {
      await ctx.cleanup()
    }
  })

  describe('uploads, roles and sessions', () => {
    const clock = new FakeClock(Date.parse('2026-11-25T02:00:00Z'))
    const ctx = useTestApp({ rateLimitScale: 100 }, { clock, maintenanceIntervalMs: 0 })
    let token: string
    beforeAll(async () => {
      token = (await login(ctx.app, 'uploader')).token
    })

    const upload = (headers: Record<string, string>, payload: string | Buffer) => injectAs(ctx.app, token, { method: 'POST', url: '/api/uploads', headers, payload })

    it.each([
      ['without a boundary', 'multipart/form-data', 'garbage'],
      ['with a garbage body', 'multipart/form-data; boundary=XX', 'not multipart at all'],
      ['cut off mid-file', 'multipart/form-data; boundary=XX', '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\xe0 half a photo'],
    ])('answers 400 to a multipart body %s (was 500)', async (_name, contentType, body) => {
      const res = await upload({ 'content-type': contentType }, body)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('multipart') })
    })

    it('answers 413 to a decompression bomb (header claiming 900 MP; was 400 corrupt) and to 30 MP', async () => {
      for (const [width, height] of [[30_000, 30_000], [6500, 4700]]) {
        const { payload, contentType } = await multipart({ file: new Blob([await pngClaiming(width, height)], { type: 'image/png' }) }, 'bomb.png')
        const res = await upload({ 'content-type': contentType }, payload)
        expect(res.statusCode).toBe(413)
        expect(res.json().code).toBe('PAYLOAD_TOO_LARGE')
      }
      expect(await ctx.app.db.selectFrom('uploads').select('id').execute()).toEqual([])
    })

    it("answers 403 to a dispatcher's POST /api/ops/duty and leaves the dispatcher's row alone", async () => {
      const dispatcher = await login(ctx.app, 'dispatcher')
      const before = await ctx.app.db.selectFrom('users').select('on_duty').where('id', '=', dispatcher.user.id).executeTakeFirstOrThrow()
      const res = await injectAs(ctx.app, dispatcher.token, { method: 'POST', url: '/api/ops/duty', payload: { onDuty: before.on_duty === 0 } })
      expect(res.statusCode).toBe(403)
      const after = await ctx.app.db.selectFrom('users').select('on_duty').where('id', '=', dispatcher.user.id).executeTakeFirstOrThrow()
      expect(after).toEqual(before)
      const worker = await login(ctx.app, 'worker-2')
      expect((await injectAs(ctx.app, worker.token, { method: 'POST', url: '/api/ops/duty', payload: { onDuty: false } })).statusCode).toBe(200)
    })

    it('signs out: the token is revoked at once; expired sessions are deleted by the maintenance loop', async () => {
      const user = await login(ctx.app, 'leaver')
      expect((await injectAs(ctx.app, user.token, { url: '/api/tickets' })).statusCode).toBe(200)
      expect((await injectAs(ctx.app, user.token, { method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204)
      expect((await injectAs(ctx.app, user.token, { url: '/api/tickets' })).statusCode).toBe(401)
      expect((await injectAs(ctx.app, user.token, { method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(401)
      const count = async () => Number((await ctx.app.db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
      const live = await count()
      expect(live).toBeGreaterThan(0)
      clock.advance(31 * 24 * 3_600_000)
      await runTicketMaintenance(ctx.app)
      expect(await count()).toBe(0)
    })
  })

  it('refuses dev: codes when NODE_ENV=production', async () => {
    const ctx = await buildTestApp({ production: true }, { maintenanceIntervalMs: 0 })
    try {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { code: 'dev:dispatcher' } })
      expect(res.statusCode).toBe(403)
      expect(await ctx.app.db.selectFrom('sessions').select('user_id').execute()).toEqual([])
    } finally {
      await ctx.cleanup()
    }
  })

  it('answers 408 to a stalled body within the request timeout (default ≤ 30 s), and frees the socket', async () => {
    expect(serverTimeouts({ requestTimeoutMs: 20_000 }).requestTimeout).toBeLessThanOrEqual(30_000)
    const ctx = await buildTestApp({ requestTimeoutMs: 1500 }, { maintenanceIntervalMs: 0 })
    try {
      await ctx.app.listen({ host: '127.0.0.1', port: 0 })
      const { port } = ctx.app.server.address() as AddressInfo
      const started = Date.now()
      const answer = await new Promise<string>((resolve) => {
        let text = ''
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.write(`POST ${BASE}/requests.json HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\napi_key=${API_KEY}&`)
        })
        socket.on('data', (chunk) => (text += chunk))
        socket.on('close', () => resolve(text))
      })
      expect(answer).toMatch(/^HTTP\/1\.1 408/)
      expect(Date.now() - started).toBeLessThan(5000)
    } finally {
      await ctx.cleanup()
    }
  })
})
