/**
 * Fuzzing from the OpenAPI document: every documented route gets generated valid-ish inputs (types
 * and ranges from its schemas) and hostile ones (wrong types, non-finite numbers as text, huge and
 * odd strings, prototype keys), with no token, a resident's and a dispatcher's. No answer may be a
 * 5xx, and every 4xx must have the error shape: `{ code, message }` under /api, Open311's list of
 * `{ code, description }` (or <errors>) under /open311.
 */
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import { buildTestApp, login } from '../helpers/app'
import { fileTicketOk } from '../helpers/tickets'
import { arbitrary, buildRequest, hostileValue, operationsOf, type Operation } from './openapi'

const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 16)

describe('fuzzing every route from /docs/json', () => {
  let ctx: Awaited<ReturnType<typeof buildTestApp>>
  let base: string
  let operations: Operation[]
  const tokens: Record<string, string | null> = { none: null }
  beforeAll(async () => {
    ctx = await buildTestApp({ rateLimitScale: 0 }, { maintenanceIntervalMs: 0 })
    await ctx.app.listen({ host: '127.0.0.1', port: 0 })
    base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`
    operations = operationsOf((await ctx.app.inject({ url: '/docs/json' })).json())
    tokens.resident = (await login(ctx.app, 'fuzz-resident')).token
    tokens.dispatcher = (await login(ctx.app, 'dispatcher')).token
    tokens.worker = (await login(ctx.app, 'worker-1')).token
    await fileTicketOk(ctx.app, tokens.resident)
  }, 60_000)
  afterAll(() => ctx.cleanup())

  function encode(op: Operation, body: unknown): { body?: string; contentType?: string } {
    if (!op.body || body === undefined) return {}
    if (op.body.contentType.includes('urlencoded')) {
      const params = new URLSearchParams()
      if (body && typeof body === 'object') for (const [key, value] of Object.entries(body)) params.append(key, typeof value === 'string' ? value : JSON.stringify(value))
      return { body: params.toString(), contentType: op.body.contentType }
    }
    if (op.body.contentType.includes('multipart')) return { body: String(JSON.stringify(body)), contentType: 'multipart/form-data; boundary=fuzz' }
    return { body: JSON.stringify(body) ?? 'null', contentType: 'application/json' }
  }

  async function send(op: Operation, request: ReturnType<typeof buildRequest>, role: string) {
    const { body, contentType } = encode(op, request.body)
    const headers: Record<string, string> = { ...request.headers }
    if (contentType) headers['content-type'] = contentType
    if (tokens[role]) headers.authorization = `Bearer ${tokens[role]}`
    const res = await fetch(base + request.url, { method: op.method, headers, body: op.method === 'GET' ? undefined : body, signal: AbortSignal.timeout(10_000) })
    if (op.stream && res.status === 200) {
      await res.body?.cancel()
      return { status: 200, text: '', type: 'text/event-stream' }
    }
    return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' }
  }

  function checkAnswer(op: Operation, answer: { status: number; text: string; type: string }, what: string) {
    const where = `${op.key} ${what} → ${answer.status} ${answer.text.slice(0, 300)}`
    if (answer.status >= 500) throw new Error(`5xx: ${where}`)
    if (answer.status < 400) return
    if (op.path.startsWith('/open311')) {
      if (answer.type.includes('json')) {
        const errors = JSON.parse(answer.text) as { code: number; description: string }[]
        if (!Array.isArray(errors) || !errors.every((error) => typeof error.code === 'number' && typeof error.description === 'string')) throw new Error(`Open311 error shape: ${where}`)
      } else if (!answer.text.includes('<errors>') && !answer.text.includes('<errors/>')) throw new Error(`Open311 XML error shape: ${where}`)
      return
    }
    let body: { code?: unknown; message?: unknown } | null = null
    try {
      body = JSON.parse(answer.text)
    } catch {
      body = null
    }
    if (!body || typeof body.code !== 'string' || typeof body.message !== 'string') throw new Error(`error shape: ${where}`)
  }

  const inputs = (op: Operation, hostile: boolean) => {
    const field = (schema: Parameter['schema']) => (hostile ? fc.oneof(arbitrary(schema), hostileValue) : arbitrary(schema))
    const group = (where: 'path' | 'query' | 'header') =>
      fc.record(Object.fromEntries(op.parameters.filter((p) => p.in === where).map((p) => [p.name, where === 'path' && !hostile ? fc.oneof(fc.constant(1), field(p.schema)) : field(p.schema)])))
    const body = op.body ? (hostile ? fc.oneof(arbitrary(op.body.schema), hostileValue, arbitrary(op.body.schema).map((value) => ({ ...(value as object), __proto__: { admin: true } }))) : arbitrary(op.body.schema)) : fc.constant(undefined)
    return fc.record({ path: group('path'), query: group('query'), headers: group('header'), body, role: fc.constantFrom('none', 'resident', 'dispatcher', 'worker') })
  }
  type Parameter = Operation['parameters'][number]

  it('answers every generated request without a 5xx, and every 4xx with the error shape', async () => {
    expect(operations.length).toBeGreaterThan(40)
    const failures: string[] = []
    for (const op of operations) {
      for (const hostile of [false, true]) {
        try {
          await fc.assert(
            fc.asyncProperty(inputs(op, hostile), async (input) => {
              const request = buildRequest(op, input)
              checkAnswer(op, await send(op, request, input.role), `${hostile ? 'hostile' : 'valid-ish'} as ${input.role} ${request.url}`)
            }),
            { numRuns: RUNS_PER_ROUTE / 2, seed: 17, endOnFailure: true },
          )
        } catch (error) {
          failures.push(String((error as Error).message).split('\n').filter((line) => line.includes('→') || line.startsWith('Counterexample')).join(' | ').slice(0, 600) || String(error).slice(0, 400))
        }
      }
    }
    expect(failures).toEqual([])
  }, 240_000)
})
