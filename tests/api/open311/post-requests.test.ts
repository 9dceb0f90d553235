/** POST requests: api_key, form fields, locations, attributes, private contact data, and the errors. */
import { FakeClock } from '../../../mock-server/src/lib/clock'
import { reporterOpenid } from '../../../mock-server/src/services/open311/requests'
import { buildTestApp } from '../../helpers/app'
import { countRows } from '../../helpers/tickets'
import { API_KEY, BASE, JINGTAI_WGS84, TIANHE_WGS84, childNames, form, postRequest, postRequestOk, readXml, validRequest } from './helpers'

describe('POST /open311/v2/requests', () => {
  const clock = new FakeClock(Date.parse('2026-11-25T02:00:00Z'))
  let ctx: Awaited<ReturnType<typeof buildTestApp>>
  beforeAll(async () => {
    // Many posts from one address: the rate limit has its own test below.
    ctx = await buildTestApp({ open311ApiKeys: [API_KEY, 'partner-key'], rateLimitScale: 100 }, { clock, maintenanceIntervalMs: 0 })
  })
  afterAll(() => ctx.cleanup())

  const ticketByNumber = (number: string) => ctx.app.db.selectFrom('tickets').selectAll().where('number', '=', number).executeTakeFirstOrThrow()

  it('files a ticket through the shared ticket service and answers service_request_id, service_notice, account_id (JSON)', async () => {
    const res = await postRequest(ctx.app, validRequest({ account_id: 'fms-42' }))
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    const body = res.json()
    expect(body).toEqual([{ service_request_id: expect.stringMatching(/^BY\d{8}-\d{4}$/), service_notice: expect.stringContaining('2小时'), account_id: 'fms-42' }])
    expect(Object.keys(body[0])).toEqual(['service_request_id', 'service_notice', 'account_id'])
    const row = await ticketByNumber(body[0].service_request_id)
    expect(row).toMatchObject({ source: 'open311', status: 'submitted', category_id: 'exposed_garbage', description: '路口有一堆建筑垃圾' })
    // Stored as sent: Open311 speaks WGS-84, like our database.
    expect(row.lat).toBeCloseTo(JINGTAI_WGS84.lat, 6)
    expect(row.lng).toBeCloseTo(JINGTAI_WGS84.lng, 6)
    expect(row.due_at).toBe('2026-11-25T04:00:00.000Z')
    const events = await ctx.app.db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', row.id).execute()
    expect(events.map((event) => [event.type, event.actor_role])).toEqual([['created', 'resident']])
  })

  it('answers as <service_requests><request> in XML, with an empty <account_id/> when none was sent', async () => {
    const res = await postRequest(ctx.app, validRequest(), 'xml')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8')
    const xml = readXml(res.body, ['request'])
    const [request] = (xml.service_requests as { request: Record<string, string>[] }).request
    expect(childNames(request)).toEqual(['service_request_id', 'service_notice', 'account_id'])
    expect(request.account_id).toBe('')
    expect((await ticketByNumber(request.service_request_id)).source).toBe('open311')
  })

  describe('api_key', () => {
    it('answers 403 without an api_key, before looking at anything else, and files nothing', async () => {
      const before = await countRows(ctx.app, 'tickets')
      const res = await postRequest(ctx.app, { service_code: 'nope' })
      expect(res.statusCode).toBe(403)
      expect(res.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }])
      expect(await countRows(ctx.app, 'tickets')).toBe(before)
    })

    it('answers 403 for a wrong api_key, in XML as <errors><error>', async () => {
      const res = await postRequest(ctx.app, validRequest({ api_key: 'guessed-key' }), 'xml')
      expect(res.statusCode).toBe(403)
      const xml = readXml(res.body, ['error'])
      expect(childNames(xml)).toEqual(['?xml', 'errors'])
      const [error] = (xml.errors as { error: Record<string, string>[] }).error
      expect(childNames(error)).toEqual(['code', 'description'])
      expect(error).toEqual({ code: '403', description: expect.stringContaining('Invalid api_key') })
    })

    it('accepts every configured key, also in the query string', async () => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: `${BASE}/requests.json?api_key=partner-key`,
        payload: form({ ...validRequest(), api_key: undefined }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
      expect(res.statusCode).toBe(200)
    })
  })

  describe('errors', () => {
    it('answers 400 when service_code is missing and 404 when it is unknown (spec: POST Possible Errors)', async () => {
      const missing = await postRequest(ctx.app, validRequest({ service_code: undefined }))
      expect(missing.statusCode).toBe(400)
      expect(missing.json()).toEqual([{ code: 400, description: 'service_code was not provided' }])
      const unknown = await postRequest(ctx.app, validRequest({ service_code: 'flying_saucer' }))
      expect(unknown.statusCode).toBe(404)
      expect(unknown.json()).toEqual([{ code: 404, description: 'service_code flying_saucer was not found' }])
    })

    it('answers 400 for a location outside the district, and files nothing', async () => {
      const before = await countRows(ctx.app, 'tickets')
      const res = await postRequest(ctx.app, validRequest({ lat: TIANHE_WGS84.lat, long: TIANHE_WGS84.lng }))
      expect(res.statusCode).toBe(400)
      expect(res.json()[0].description).toContain('outside 广州市白云区')
      expect(await countRows(ctx.app, 'tickets')).toBe(before)
    })

    it('answers 400 without a location, for lat without long, for bad numbers and for address_id alone', async () => {
      const cases = [
        [validRequest({ lat: undefined, long: undefined }), 'A location is required'],
        [validRequest({ long: undefined }), 'lat and long must be sent together'],
        [validRequest({ lat: 'north' }), 'lat must be number'],
        [validRequest({ lat: 123 }), 'lat must be <= 90'],
        [validRequest({ lat: undefined, long: undefined, address_id: '545483' }), 'address_id is not supported'],
      ] as const
      for (const [fields, message] of cases) {
        const res = await postRequest(ctx.app, fields)
        expect([res.statusCode, res.json()[0].description]).toEqual([400, expect.stringContaining(message)])
      }
    })

    it('answers 400 without a description, and for a media_url that is not http(s)', async () => {
      const empty = await postRequest(ctx.app, validRequest({ description: '   ' }))
      expect(empty.statusCode).toBe(400)
      expect(empty.json()[0].description).toContain('description')
      const media = await postRequest(ctx.app, validRequest({ media_url: 'javascript:alert(1)' }))
      expect(media.statusCode).toBe(400)
      expect(media.json()[0].description).toBe('media_url must be an http(s) URL')
    })

    it('answers 400 for a body that is not form-encoded or JSON', async () => {
      const res = await ctx.app.inject({ method: 'POST', url: `${BASE}/requests.json`, payload: 'api_key=x', headers: { 'content-type': 'text/plain' } })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual([{ code: 400, description: expect.stringContaining('x-www-form-urlencoded') }])
    })
  })

  it('limits posts per client and says so in the Open311 format', async () => {
    const limited = await buildTestApp()
    try {
      const answers = []
      for (let i = 0; i < 31; i++) answers.push(await postRequest(limited.app, { service_code: 'exposed_garbage' }, 'xml'))
      expect(answers.slice(0, 30).map((res) => res.statusCode)).toEqual(Array(30).fill(403))
      expect(answers[30].statusCode).toBe(429)
      expect(readXml(answers[30].body, ['error'])).toMatchObject({ errors: { error: [{ code: '429' }] } })
    } finally {
      await limited.cleanup()
    }
  })

  describe('address_string', () => {
    it('places a request by a community name of the district and keeps the typed address private', async () => {
      const id = await postRequestOk(ctx.app, validRequest({ lat: undefined, long: undefined, address_string: '白云区景泰街景泰社区广园中路12号' }))
      const row = await ticketByNumber(id)
      expect(row.community).toBe('景泰社区')
      expect(row.street).toBe('景泰街')
      expect(row.address_note).toBe('白云区景泰街景泰社区广园中路12号')
    })

    it('falls back to a street name, and answers 400 when the string names no place of the district', async () => {
      const id = await postRequestOk(ctx.app, validRequest({ lat: undefined, long: undefined, address_string: '人和镇某村口' }))
      expect((await ticketByNumber(id)).street).toBe('人和镇')
      const res = await postRequest(ctx.app, validRequest({ lat: undefined, long: undefined, address_string: '天河区体育西路' }))
      expect(res.statusCode).toBe(400)
      expect(res.json()[0].description).toContain('address_string')
    })

    it('prefers lat/long when both are sent', async () => {
      const id = await postRequestOk(ctx.app, validRequest({ address_string: '人和镇' }))
      const row = await ticketByNumber(id)
      expect(row.street).toBe('景泰街')
      expect(row.address_note).toBe('人和镇')
    })
  })

  describe('attributes', () => {
    const manhole = (overrides = {}) => validRequest({ service_code: 'missing_manhole_cover', description: '人行道上的井盖', ...overrides })

    it('requires the required attribute of 井盖缺失 and checks its value', async () => {
      const missing = await postRequest(ctx.app, manhole())
      expect(missing.statusCode).toBe(400)
      expect(missing.json()[0].description).toContain('attribute[hazard] is required')
      const wrong = await postRequest(ctx.app, manhole({ 'attribute[hazard]': 'lava' }))
      expect(wrong.statusCode).toBe(400)
      expect(wrong.json()[0].description).toBe('attribute[hazard] must be one of open_hole, broken, displaced, sunken')
      const unknown = await postRequest(ctx.app, manhole({ 'attribute[hazard]': 'broken', 'attribute[colour]': 'red' }))
      expect(unknown.statusCode).toBe(400)
      expect(unknown.json()[0].description).toContain('attribute[colour] is not an attribute')
    })

    it('appends the answers to the description, where dispatchers read them, and keeps the raw codes', async () => {
      const id = await postRequestOk(ctx.app, manhole({ 'attribute[hazard]': 'open_hole' }))
      const row = await ticketByNumber(id)
      expect(row.description).toBe('人行道上的井盖\n\n【补充信息】\n井盖现在的情况：井盖缺失，井口敞开')
      expect(JSON.parse(row.contact!)).toMatchObject({ 'attribute[hazard]': 'open_hole' })
    })

    it('takes several values of a multivaluelist (attribute[code][]=...) and none of an optional one', async () => {
      const toilet = validRequest({ service_code: 'public_toilet', description: '公厕', 'attribute[problem][]': ['dirty', 'no_supplies'] })
      const row = await ticketByNumber(await postRequestOk(ctx.app, toilet))
      expect(row.description).toContain('公厕存在哪些问题：不洁或有异味、缺少厕纸或洗手液')
      const plain = await ticketByNumber(await postRequestOk(ctx.app, validRequest({ service_code: 'public_toilet', description: '公厕' })))
      expect(plain.description).toBe('公厕')
      const single = await postRequest(ctx.app, validRequest({ service_code: 'missing_manhole_cover', 'attribute[hazard][]': ['broken', 'sunken'] }))
      expect(single.statusCode).toBe(400)
      expect(single.json()[0].description).toBe('attribute[hazard] takes one value')
    })
  })

  describe('the reporter and contact data', () => {
    it('keeps contact fields in the private contact JSON and files as one resident per api_key and account', async () => {
      const contact = { email: 'Li.Ming@example.cn', first_name: '明', last_name: '李', phone: '13800000000', device_id: 'dev-1' }
      const first = await ticketByNumber(await postRequestOk(ctx.app, validRequest(contact)))
      const second = await ticketByNumber(await postRequestOk(ctx.app, validRequest({ email: 'li.ming@example.cn' })))
      const otherKey = await ticketByNumber(await postRequestOk(ctx.app, validRequest({ api_key: 'partner-key', email: 'li.ming@example.cn' })))
      expect(JSON.parse(first.contact!)).toEqual(contact)
      expect(second.reporter_id).toBe(first.reporter_id)
      expect(otherKey.reporter_id).not.toBe(first.reporter_id)
      const reporter = await ctx.app.db.selectFrom('users').selectAll().where('id', '=', first.reporter_id).executeTakeFirstOrThrow()
      expect(reporter.role).toBe('resident')
      expect(reporter.openid).toBe(reporterOpenid(API_KEY, { email: 'li.ming@example.cn' }))
      // Neither the key nor the address leaves a trace in the user row.
      expect(JSON.stringify(reporter)).not.toMatch(/dev-open311-key|example\.cn/)
      expect(reporter.display_name).toMatch(/^市民\d{4}$/)
    })

    it('treats empty optional fields as absent (no contact stored)', async () => {
      const row = await ticketByNumber(await postRequestOk(ctx.app, validRequest({ email: '', phone: '', media_url: '' })))
      expect(row.contact).toBeNull()
    })
  })
})
