/**
 * Access matrix: every documented route, with no token, as a resident who does not own the object,
 * as a worker who is not assigned to it and as the dispatcher, on a ticket (and photo) another
 * resident filed. The expected answers are the table below: `ok` = allowed (any answer but
 * 401/403/404 and never 5xx), or the exact refusal.
 *
 * A route missing from the table fails the test by name: add a row for it (copy a similar one).
 */
import type { AddressInfo } from 'node:net'
import { buildTestApp, login } from '../helpers/app'
import { uploadPhoto } from '../helpers/photos'
import { fileTicketOk, validReport } from '../helpers/tickets'
import { operationsOf, sampleRequest, type Operation } from './openapi'

type Expect = 'ok' | 401 | 403 | 404
type Row = [none: Expect, resident: Expect, worker: Expect, dispatcher: Expect]
const ROLES = ['none', 'resident', 'worker', 'dispatcher'] as const

const PUBLIC: Row = ['ok', 'ok', 'ok', 'ok']
const SIGNED_IN: Row = [401, 'ok', 'ok', 'ok']
const STAFF: Row = [401, 403, 'ok', 'ok']
const DISPATCHER: Row = [401, 403, 403, 'ok']
const WORKER: Row = [401, 403, 'ok', 403]
/** Another resident's ticket: hidden from strangers (404), readable by staff. */
const TICKET_READ: Row = [401, 404, 'ok', 'ok']
/** A worker's action on a ticket assigned to someone else: 404 to the worker, 403 to the dispatcher. */
const NOT_ASSIGNED: Row = [401, 403, 404, 403]

// prettier-ignore
const MATRIX: Record<string, Row> = {
  'GET /api/health': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/logout': SIGNED_IN,
  'POST /api/auth/bind-worker': [401, 'ok', 'ok', 403],
  // A wrong password whoever asks (the sample has none that works).
  'POST /api/console/login': [401, 401, 401, 401],
  'POST /api/console/logout': ['ok', 403, 'ok', 'ok'],
  'GET /api/console/me': STAFF,
  'GET /api/categories': PUBLIC,
  'POST /api/uploads': SIGNED_IN,
  'GET /api/facilities/nearest': PUBLIC,
  'GET /api/facilities': PUBLIC,
  'GET /api/facilities/{id}': PUBLIC,
  'POST /api/facilities/{id}/feedback': SIGNED_IN,
  'GET /api/geo/district': PUBLIC,
  'GET /api/geo/resolve': PUBLIC,
  'POST /api/tickets': SIGNED_IN,
  'GET /api/tickets': SIGNED_IN,
  'GET /api/tickets/nearby': PUBLIC,
  'GET /api/tickets/{id}': TICKET_READ,
  'GET /api/tickets/{id}/track': TICKET_READ,
  'POST /api/tickets/{id}/rating': [401, 404, 404, 404],
  'POST /api/tickets/{id}/reopen': [401, 404, 404, 404],
  'POST /api/tickets/{id}/follow': [401, 'ok', 'ok', 'ok'],
  'GET /api/messages': SIGNED_IN,
  'POST /api/messages/read': SIGNED_IN,
  'POST /api/subscriptions': SIGNED_IN,
  'GET /api/subscriptions': SIGNED_IN,
  'GET /api/tickets/{id}/notifications': TICKET_READ,
  'POST /api/events/token': SIGNED_IN,
  'GET /api/events': SIGNED_IN,
  'GET /api/ops/queue': STAFF,
  'POST /api/ops/tickets/{id}/accept': DISPATCHER,
  'POST /api/ops/tickets/{id}/dispatch': DISPATCHER,
  'POST /api/ops/tickets/{id}/start': NOT_ASSIGNED,
  'POST /api/ops/tickets/{id}/resolve': NOT_ASSIGNED,
  'POST /api/ops/tickets/{id}/reject': DISPATCHER,
  'POST /api/ops/position': WORKER,
  'POST /api/ops/duty': WORKER,
  'GET /api/ops/workers': STAFF,
  'POST /api/ops/tickets/{id}/visibility': DISPATCHER,
  'GET /api/ops/moderation': DISPATCHER,
  'GET /api/ops/events': DISPATCHER,
  'GET /api/ops/tickets': DISPATCHER,
  'GET /api/ops/map/grids': DISPATCHER,
  'GET /api/ops/map/tickets': DISPATCHER,
  'GET /api/ops/map/workers': DISPATCHER,
  'GET /api/ops/tickets/{id}/suggestions': DISPATCHER,
  'POST /api/ops/tickets/{id}/merge': DISPATCHER,
  'POST /api/ops/tickets/{id}/reply': DISPATCHER,
  'GET /api/ops/kpi': DISPATCHER,
  'GET /api/ops/export/tickets.csv': DISPATCHER,
  'GET /api/ops/export/kpi.csv': DISPATCHER,
  'GET /api/ops/photos/{id}/privacy': STAFF,
  'POST /api/ops/photos/{id}/redactions': STAFF,
  'POST /api/ops/workers/{id}/binding-code': DISPATCHER,
  'GET /api/work/me': WORKER,
  'GET /api/work/tasks': WORKER,
  'GET /api/work/tasks/{id}': NOT_ASSIGNED,
  'POST /api/work/tasks/{id}/start': NOT_ASSIGNED,
  'POST /api/work/tasks/{id}/resolve': NOT_ASSIGNED,
  'POST /api/work/positions': WORKER,
  'POST /api/work/duty': WORKER,
  'GET /api/public/tickets': PUBLIC,
  'GET /api/public/tickets/{id}': PUBLIC,
  'GET /api/stats': PUBLIC,
  'GET /open311/v2/discovery.{format}': PUBLIC,
  'GET /open311/v2/services.{format}': PUBLIC,
  'GET /open311/v2/services/{service_code}.{format}': PUBLIC,
  'POST /open311/v2/requests.{format}': PUBLIC,
  'GET /open311/v2/requests.{format}': PUBLIC,
  'GET /open311/v2/requests/{service_request_id}.{format}': PUBLIC,
  'GET /open311/v2/tokens/{token}.{format}': PUBLIC,
}

const PRINT = process.env.ACCESS_MATRIX_PRINT === '1'
const NAMES = { resident: 'matrix-stranger', worker: 'worker-2', dispatcher: 'dispatcher' } as const

describe('access matrix', () => {
  let ctx: Awaited<ReturnType<typeof buildTestApp>>
  let base: string
  let operations: Operation[]
  let owner: string
  beforeAll(async () => {
    ctx = await buildTestApp({ rateLimitScale: 0 }, { maintenanceIntervalMs: 0 })
    await ctx.app.listen({ host: '127.0.0.1', port: 0 })
    base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`
    operations = operationsOf((await ctx.app.inject({ url: '/docs/json' })).json())
    owner = (await login(ctx.app, 'matrix-owner')).token
  }, 60_000)
  afterAll(() => ctx.cleanup())

  /** Waits (up to 60 s on a busy machine) until the photo's protected copy exists, so staff routes on it do not queue behind detection. */
  async function detected(photoId: string) {
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline) {
      const row = await ctx.app.db.selectFrom('uploads').selectAll().where('id', '=', photoId).executeTakeFirst()
      const status = (row as { privacy_status?: string } | undefined)?.privacy_status
      if (status === undefined || status === 'ready' || status === 'failed') return
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }

  /** The owner's fresh objects for one request: a ticket (with a photo for photo routes), a facility, a worker. */
  async function objects(withPhoto: boolean) {
    // Only photo routes get one: each upload queues a face/plate detection (#20) that later requests would wait behind.
    const photoId = withPhoto ? await uploadPhoto(ctx.app, owner) : 'none'
    if (withPhoto) await detected(photoId)
    const ticket = await fileTicketOk(ctx.app, owner, validReport({ photoIds: withPhoto ? [photoId] : [] }))
    const facility = await ctx.app.db.selectFrom('facilities').select('id').limit(1).executeTakeFirstOrThrow()
    const worker = await ctx.app.db.selectFrom('users').select('id').where('role', '=', 'worker').limit(1).executeTakeFirstOrThrow()
    return { ticket, photoId, facilityId: facility.id, workerId: worker.id }
  }

  function pathValues(op: Operation, o: Awaited<ReturnType<typeof objects>>): Record<string, unknown> {
    const id = op.path.includes('/facilities/') ? o.facilityId : op.path.includes('/photos/') ? o.photoId : op.path.includes('/workers/') ? o.workerId : o.ticket.id
    return { id, format: 'json', service_code: 'exposed_garbage', service_request_id: o.ticket.number, token: o.ticket.number }
  }

  async function statusOf(op: Operation, role: (typeof ROLES)[number]): Promise<number> {
    const request = sampleRequest(op, pathValues(op, await objects(op.path.includes('/photos/'))))
    const headers: Record<string, string> = { ...request.headers }
    let body: string | Buffer | undefined
    if (op.body && op.method !== 'GET') {
      if (op.body.contentType.includes('urlencoded')) {
        body = new URLSearchParams({ ...(request.body as Record<string, string>), api_key: 'dev-open311-key', lat: '23.17', long: '113.275', description: '路边有垃圾' }).toString()
        headers['content-type'] = op.body.contentType
      } else if (op.body.contentType.includes('multipart')) {
        const form = new FormData()
        form.append('file', new Blob([Buffer.from('not an image')], { type: 'image/jpeg' }), 'a.jpg')
        const encoded = new Request('http://x/', { method: 'POST', body: form })
        body = Buffer.from(await encoded.arrayBuffer())
        headers['content-type'] = encoded.headers.get('content-type')!
      } else {
        body = JSON.stringify(request.body)
        headers['content-type'] = 'application/json'
      }
    }
    // A fresh session per request: one route (logout) revokes the token it is called with.
    if (role !== 'none') headers.authorization = `Bearer ${(await login(ctx.app, NAMES[role])).token}`
    let res: Response
    try {
      res = await fetch(base + request.url, { method: op.method, headers, body: typeof body === 'string' || body === undefined ? body : new Uint8Array(body), signal: AbortSignal.timeout(30_000) })
    } catch (error) {
      throw new Error(`${op.key} as ${role}: no answer within 30 s (${(error as Error).message})`)
    }
    if (PRINT && res.status === 400) console.log(op.key, role, request.url, String(body ?? '').slice(0, 200), (await res.text()).slice(0, 300))
    else await res.body?.cancel()
    return res.status
  }

  const matches = (expected: Expect, status: number) => (expected === 'ok' ? status < 500 && ![401, 403, 404].includes(status) : status === expected)

  it('lists every documented route', async () => {
    const unlisted = operations.map((op) => op.key).filter((key) => !(key in MATRIX))
    expect(unlisted).toEqual([])
    const gone = Object.keys(MATRIX).filter((key) => !operations.some((op) => op.key === key))
    expect(gone).toEqual([])
  })

  it('answers each role as the table says, never with a 5xx', async () => {
    const wrong: string[] = []
    const printed: string[] = []
    for (const op of operations) {
      const row = MATRIX[op.key]
      const statuses: number[] = []
      for (const [index, role] of ROLES.entries()) {
        const status = await statusOf(op, role)
        statuses.push(status)
        if (row && !matches(row[index], status)) wrong.push(`${op.key} as ${role}: expected ${row[index]}, got ${status}`)
      }
      printed.push(`'${op.key}': [${statuses.join(', ')}],`)
    }
    if (PRINT) console.log(printed.join('\n'))
    expect(wrong).toEqual([])
  }, 180_000)
})
