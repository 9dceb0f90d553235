/**
 * Defects #17.1, #17.2, #17.8 and the headers of #17.9: bodies that used to hold the event loop,
 * non-finite numbers, XML-breaking characters, security headers, secrets in logs.
 */
import { Writable } from 'node:stream'
import { XMLParser } from 'fast-xml-parser'
import helmet from 'helmet'
import { fixedHeaders } from '../../../mock-server/src/plugins/hardening'
import { FORM_MAX_FIELDS, formField, parseForm } from '../../../mock-server/src/services/open311/form'
import { redactUrl } from '../../../mock-server/src/lib/log-redaction'
import { buildTestApp, injectAs, login, useTestApp } from '../../helpers/app'
import { JINGTAI } from '../../helpers/tickets'
import { API_KEY, BASE, JINGTAI_WGS84, form, validRequest } from '../open311/helpers'

describe('input hardening', () => {
  const ctx = useTestApp({ rateLimitScale: 100 }, { maintenanceIntervalMs: 0 })

  describe('Open311 form parser', () => {
    it('parses 40,000 repeated keys in linear time (was 17 s) and caps the field count', () => {
      const body = Array.from({ length: 40_000 }, () => 'a=1').join('&')
      const started = performance.now()
      expect(() => parseForm(body)).toThrow(`more than ${FORM_MAX_FIELDS} fields`)
      const uncapped = parseForm(body, Infinity)
      const ms = performance.now() - started
      expect((uncapped.a as string[]).length).toBe(40_000)
      expect(ms).toBeLessThan(500)
    })

    it('reads one field without the rest and decodes like URLSearchParams', () => {
      expect(formField('x=1&api%5Fkey=k%20y&api_key=second', 'api_key')).toBe('k y')
      expect(parseForm('a=1+2&b=%E4%BA%95&attribute[h][]=x&attribute[h][]=y')).toEqual({ a: '1 2', b: '井', attribute: { h: ['x', 'y'] } })
      expect(parseForm('__proto__=1&constructor=2&toString=3').toString).toBe('3')
    })

    it('refuses a 1 MB form at the door (413), a 60 KB one without api_key with 403, and one past the field cap with 413', async () => {
      const post = (payload: string) =>
        ctx.app.inject({ method: 'POST', url: `${BASE}/requests.json`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload })
      const big = Array.from({ length: 250_000 }, () => 'a=1').join('&').slice(0, 1_000_000)
      expect((await post(big)).statusCode).toBe(413)
      const small = big.slice(0, 60_000)
      const started = performance.now()
      const noKey = await post(small)
      expect(noKey.statusCode).toBe(403)
      expect(performance.now() - started).toBeLessThan(1000)
      const keyed = await post(`api_key=${API_KEY}&${small}`)
      expect(keyed.statusCode).toBe(413)
      expect(keyed.json()[0]).toMatchObject({ code: 413, description: expect.stringContaining('fields') })
    })
  })

  describe('non-finite numbers', () => {
    it.each(['Infinity', '-Infinity', '1e400'])('GET /api/facilities/nearest?lat=%s answers 400 naming the field (was 500)', async (value) => {
      const res = await ctx.app.inject({ url: `/api/facilities/nearest?lat=${value}&lng=113.27` })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'querystring.lat', message: 'must be a finite number' }] })
    })

    it('refuses JSON nested deeper than 32 levels before parsing it, and JSON bodies over 64 KB', async () => {
      const user = await login(ctx.app, 'deep-json')
      const deep = '{"categoryId":' + '['.repeat(40) + ']'.repeat(40) + '}'
      const res = await injectAs(ctx.app, user.token, { method: 'POST', url: '/api/tickets', headers: { 'content-type': 'application/json', 'idempotency-key': 'deep-json-1' }, payload: deep })
      expect(res.statusCode).toBe(400)
      expect(res.json().message).toContain('nested deeper than 32')
      const big = JSON.stringify({ categoryId: 'exposed_garbage', description: 'x'.repeat(70_000) })
      const large = await injectAs(ctx.app, user.token, { method: 'POST', url: '/api/tickets', headers: { 'content-type': 'application/json', 'idempotency-key': 'deep-json-2' }, payload: big })
      expect(large.statusCode).toBe(413)
      expect(large.json().code).toBe('PAYLOAD_TOO_LARGE')
    })

    it('refuses them in every query: nearby tickets, facilities, with the field named', async () => {
      const nearby = await ctx.app.inject({ url: `/api/tickets/nearby?lat=23.2&lng=-Infinity` })
      expect(nearby.statusCode).toBe(400)
      expect(nearby.json().details[0].field).toBe('querystring.lng')
    })

    it('refuses a worker position of 1e400 in a JSON body and stores nothing; the workers list keeps working', async () => {
      const worker = await login(ctx.app, 'worker-1')
      const before = await ctx.app.db.selectFrom('users').select(['lat', 'lng']).where('id', '=', worker.user.id).executeTakeFirstOrThrow()
      const res = await injectAs(ctx.app, worker.token, {
        method: 'POST',
        url: '/api/ops/position',
        headers: { 'content-type': 'application/json' },
        payload: '{"location":{"lat":23.2,"lng":1e400,"coordSystem":"wgs84"}}',
      })
      expect(res.statusCode).toBe(400)
      const after = await ctx.app.db.selectFrom('users').select(['lat', 'lng']).where('id', '=', worker.user.id).executeTakeFirstOrThrow()
      expect(after).toEqual(before)
      const dispatcher = await login(ctx.app, 'dispatcher')
      expect((await injectAs(ctx.app, dispatcher.token, { url: '/api/ops/workers' })).statusCode).toBe(200)
    })

    it('refuses Open311 lat=Infinity with a 400 naming lat, nothing filed', async () => {
      const count = async () => Number((await ctx.app.db.selectFrom('tickets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
      const before = await count()
      const res = await ctx.app.inject({
        method: 'POST',
        url: `${BASE}/requests.json`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form(validRequest({ lat: 'Infinity' })),
      })
      expect(res.statusCode).toBe(400)
      expect(res.json()[0].description).toContain('lat')
      expect(await count()).toBe(before)
    })
  })

  describe('Open311 XML', () => {
    it('never writes characters XML 1.0 cannot carry', async () => {
      const resident = await login(ctx.app, 'xml-breaker')
      const created = await injectAs(ctx.app, resident.token, {
        method: 'POST',
        url: '/api/tickets',
        headers: { 'idempotency-key': 'xml-breaker-1' },
        payload: { categoryId: 'exposed_garbage', description: 'a\u0001b\u000bc\ufffed\ud800e 正常', photoIds: [], location: { ...JINGTAI, coordSystem: 'gcj02' }, sharePublicly: true },
      })
      expect(created.statusCode).toBe(201)
      const res = await ctx.app.inject({ url: `${BASE}/requests/${created.json().number}.xml` })
      expect(res.statusCode).toBe(200)
      // eslint-disable-next-line no-control-regex
      expect(res.body).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udfff]/)
      const parsed = new XMLParser().parse(res.body)
      expect(String(parsed.service_requests.request.description)).toContain('正常')
    })
  })

  describe('headers and logs', () => {
    it('sends a CSP with frame-ancestors none, nosniff and no framing on every answer', async () => {
      for (const url of ['/api/health', `${BASE}/services.json`, '/']) {
        const res = await ctx.app.inject({ url })
        const csp = String(res.headers['content-security-policy'])
        expect(csp).toContain("frame-ancestors 'none'")
        expect(csp).toContain("default-src 'self'")
        expect(csp).toContain("connect-src 'self'")
        expect(res.headers['x-content-type-options']).toBe('nosniff')
        expect(res.headers['x-frame-options']).toBe('DENY')
      }
    })

    it('sets the same security headers helmet would, from one list when no option depends on the request', async () => {
      const res = await ctx.app.inject({ url: '/api/health' })
      const recorded: Record<string, string> = {}
      const fake = { setHeader: (name: string, value: string) => void (recorded[name.toLowerCase()] = value), removeHeader: () => {} }
      // The app's options (plugins/hardening.ts), CSP aside: HSTS off on plain http in tests.
      const options = { contentSecurityPolicy: { directives: { defaultSrc: ["'self'"] } }, crossOriginEmbedderPolicy: false, frameguard: { action: 'deny' as const }, hsts: false }
      helmet(options)({} as never, fake as never, () => {})
      expect(fixedHeaders(helmet(options))?.map(([name]) => name.toLowerCase()).sort()).toEqual(Object.keys(recorded).sort())
      for (const name of Object.keys(recorded).filter((n) => n !== 'content-security-policy')) expect(res.headers[name]).toBe(recorded[name])
      // A nonce per request: no fixed list, helmet runs on every request.
      const perRequest = helmet({ contentSecurityPolicy: { directives: { scriptSrc: [(_req: unknown, r: unknown) => String(r)] } } })
      expect(fixedHeaders(perRequest)).toBeNull()
    })

    it('redacts api keys, tokens and codes from logged URLs and never logs the Authorization header', async () => {
      expect(redactUrl('/open311/v2/requests.json?api_key=abc&service_code=x')).toBe('/open311/v2/requests.json?api_key=[redacted]&service_code=x')
      expect(redactUrl('/a?token=t&Code=c&b=2')).toBe('/a?token=[redacted]&Code=[redacted]&b=2')
      const lines: string[] = []
      const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) })
      const logged = await buildTestApp({ logLevel: 'info' }, { maintenanceIntervalMs: 0, logStream: stream } as never)
      try {
        const user = await login(logged.app, 'logged')
        await injectAs(logged.app, user.token, { url: `${BASE}/requests.json?api_key=${API_KEY}&lat=${JINGTAI_WGS84.lat}` })
        await injectAs(logged.app, user.token, { url: '/api/tickets' })
      } finally {
        await logged.cleanup()
      }
      const text = lines.join('')
      expect(text).toContain('[redacted]')
      expect(text).not.toContain(API_KEY)
      expect(text).not.toMatch(/Bearer [A-Za-z0-9_-]{20,}/)
    })
  })
})
