/**
 * One code path both ways: an Open311 request lands in the dispatcher's queue and the simulator
 * resolves it (closed in Open311 terms); an app ticket reads through Open311. And a generic client
 * that knows only the discovery URL lists services, posts a request and follows it to closed.
 */
import type { TicketPage } from '@contract/tickets'
import { FakeClock } from '../../../mock-server/src/lib/clock'
import { SIM_TIMINGS } from '../../../mock-server/src/services/simulator'
import { injectAs, login, useTestApp } from '../../helpers/app'
import { fileTicketOk } from '../../helpers/tickets'
import { API_KEY, BASE, JINGTAI_WGS84, form, postRequestOk, readXml, validRequest } from './helpers'

type Row = Record<string, unknown>

describe('Open311 round trips', () => {
  const clock = new FakeClock(Date.parse('2026-11-25T02:00:00Z'))
  const ctx = useTestApp({}, { clock, maintenanceIntervalMs: 0 })

  const readRequest = async (id: string): Promise<Row> => {
    const res = await ctx.app.inject({ method: 'GET', url: `${BASE}/requests/${id}.json?extensions=true` })
    if (res.statusCode !== 200) throw new Error(`read ${id}: ${res.statusCode} ${res.body}`)
    return res.json<Row[]>()[0]
  }

  /** Runs the simulator until the request reaches `status` (Open311 terms). */
  async function simulateUntil(read: () => Promise<Row>, status: 'open' | 'closed', maxSteps = 80): Promise<Row> {
    for (let i = 0; i < maxSteps; i++) {
      const request = await read()
      if (request.status === status) return request
      clock.advance(SIM_TIMINGS.stepEvery * 1000)
      await ctx.app.simulator.step()
    }
    throw new Error(`never reached ${status}`)
  }

  it('puts an Open311 request into the ops queue and the simulator closes it', async () => {
    const id = await postRequestOk(ctx.app, validRequest({ service_code: 'missing_manhole_cover', 'attribute[hazard]': 'open_hole', description: '井盖不见了' }))
    const { token } = await login(ctx.app, 'dispatcher')
    const queue = await injectAs(ctx.app, token, { method: 'GET', url: '/api/ops/queue?status=submitted' })
    expect(queue.statusCode).toBe(200)
    const item = queue.json<TicketPage>().items.find((ticket) => ticket.number === id)
    expect(item).toMatchObject({ categoryId: 'missing_manhole_cover', relation: 'staff' })
    expect(item!.description).toContain('井盖缺失，井口敞开')

    const closed = await simulateUntil(() => readRequest(id), 'closed')
    expect(closed.extended_attributes).toMatchObject({ detailed_status: 'resolved' })
    expect(closed.status_notes).toBe('已设置警示围挡并更换井盖，消除安全隐患。')
    const row = await ctx.app.db.selectFrom('tickets').selectAll().where('number', '=', id).executeTakeFirstOrThrow()
    expect(row.source).toBe('open311')
    expect(Date.parse(String(closed.updated_datetime))).toBe(Date.parse(row.resolved_at!))
  })

  it("reads an app ticket through Open311 and hides the resident's appeal reason", async () => {
    const resident = await login(ctx.app, 'round-trip-resident')
    const ticket = await fileTicketOk(ctx.app, resident.token)
    const read = () => readRequest(ticket.number)
    expect(await read()).toMatchObject({ service_request_id: ticket.number, status: 'open', service_code: 'exposed_garbage' })
    expect((await read()).extended_attributes).toMatchObject({ channel: 'app', detailed_status: 'submitted' })

    await simulateUntil(read, 'closed')
    const appeal = await injectAs(ctx.app, resident.token, {
      method: 'POST',
      url: `/api/tickets/${ticket.id}/reopen`,
      payload: { reason: '还是很脏，我住在12号401' },
    })
    expect(appeal.statusCode).toBe(200)
    const reopened = await read()
    expect(reopened).toMatchObject({ status: 'open', status_notes: '申请复核' })
    expect(JSON.stringify(reopened)).not.toContain('401')
  })

  it('serves a generic client that starts from discovery.json and follows its request to closed', async () => {
    // 1. Discovery: the endpoint URL and that JSON is supported.
    const discovery = (await ctx.app.inject({ method: 'GET', url: `${BASE}/discovery.json` })).json()
    const endpoint = discovery.endpoints.find(
      (candidate: { specification: string; formats: string[] }) =>
        candidate.specification === 'http://wiki.open311.org/GeoReport_v2' && candidate.formats.includes('application/json'),
    )
    const base = new URL(endpoint.url).pathname
    const call = (method: 'GET' | 'POST', path: string, payload?: string) =>
      ctx.app.inject({ method, url: `${base}${path}`, payload, headers: payload ? { 'content-type': 'application/x-www-form-urlencoded' } : {} })

    // 2. The service list, then the definition of a service with metadata.
    const services = (await call('GET', '/services.json')).json<{ service_code: string; metadata: boolean; group: string }[]>()
    const service = services.find((candidate) => candidate.metadata)!
    const definition = (await call('GET', `/services/${service.service_code}.json`)).json<{
      attributes: { code: string; variable: boolean; required: boolean; datatype: string; values: { key: string }[] }[]
    }>()
    // Answer every required question with its first choice, as a form would.
    const answers: Record<string, string> = {}
    for (const attribute of definition.attributes) {
      if (attribute.variable && attribute.required) answers[`attribute[${attribute.code}]`] = attribute.values[0].key
    }

    // 3. POST the request (form-encoded), in XML this time.
    const posted = await call(
      'POST',
      '/requests.xml',
      form({ api_key: API_KEY, service_code: service.service_code, lat: JINGTAI_WGS84.lat, long: JINGTAI_WGS84.lng, description: 'generic client', ...answers }),
    )
    expect(posted.statusCode).toBe(200)
    const [{ service_request_id: id }] = (readXml(posted.body, ['request']).service_requests as { request: { service_request_id: string }[] }).request
    expect(id).toMatch(/^BY/)

    // 4. Follow its status until closed.
    const followed = await simulateUntil(async () => (await call('GET', `/requests/${id}.json`)).json<Row[]>()[0], 'closed')
    expect(followed).toMatchObject({ service_request_id: id, service_code: service.service_code, status: 'closed' })
    expect(followed.status_notes).not.toBeNull()
    const list = (await call('GET', `/requests.json?status=closed&service_code=${service.service_code}`)).json<Row[]>()
    expect(list.map((request) => request.service_request_id)).toContain(id)
  })
})
