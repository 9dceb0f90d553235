/**
 * A fake WeChat server API for tests: a small Fastify server on a random port that the backend
 * reaches through WX_API_BASE. It answers code2Session (openid = the code itself, so `dev:<name>`
 * codes still name the seeded users), stable_token and subscribe/send, records every request, and
 * fails on demand: planned answers per send, "down" (503 or a dropped connection), held requests,
 * expired or revoked tokens.
 */
import Fastify, { type FastifyReply } from 'fastify'

export interface RecordedSend {
  token: string
  body: {
    touser: string
    template_id: string
    page: string
    data: Record<string, { value: string }>
    miniprogram_state?: string
    lang?: string
  }
}

/** A planned answer of subscribe/send: a WeChat errcode, an HTTP status, a dropped connection, or no answer at all. */
export type PlannedReply = { errcode: number; errmsg?: string } | { status: number } | 'reset' | 'hang'

export interface FakeWeChat {
  base: string
  appId: string
  secret: string
  tokenRequests: { appid: string; secret: string; force_refresh?: boolean }[]
  /** Every send request that arrived, answered or not. */
  sends: RecordedSend[]
  /** Sends WeChat accepted (errcode 0). */
  delivered: RecordedSend[]
  code2Session: { appid: string; js_code: string }[]
  /** Answers for the next sends, in order; afterwards sends succeed. */
  plan: PlannedReply[]
  /** Everything (token and send) fails this way while set. */
  down: false | 'http503' | 'reset'
  /** The token in use now. */
  currentToken(): string | null
  /** WeChat forgets the current token: sends with it get 42001 (expired) or 40001 (invalid). */
  expireToken(code?: 40001 | 42001): void
  /** Resolves once `n` sends have arrived. */
  waitForSends(n: number): Promise<void>
  close(): Promise<void>
}

export async function startFakeWeChat(options: { appId?: string; secret?: string } = {}): Promise<FakeWeChat> {
  const appId = options.appId ?? 'wx-test-appid'
  const secret = options.secret ?? 'wx-test-secret'
  const app = Fastify({ logger: false, forceCloseConnections: true })
  let tokenSeq = 0
  let token: string | null = null
  const dead = new Map<string, number>()
  const waiters: { n: number; resolve: () => void }[] = []

  const fake: FakeWeChat = {
    base: '',
    appId,
    secret,
    tokenRequests: [],
    sends: [],
    delivered: [],
    code2Session: [],
    plan: [],
    down: false,
    currentToken: () => token,
    expireToken(code = 42001) {
      if (token) dead.set(token, code)
      token = null
    },
    waitForSends(n) {
      if (fake.sends.length >= n) return Promise.resolve()
      return new Promise((resolve) => waiters.push({ n, resolve }))
    },
    close: () => app.close(),
  }

  const outage = (reply: FastifyReply) => {
    if (fake.down === 'reset') {
      reply.raw.destroy()
      return true
    }
    if (fake.down === 'http503') {
      reply.code(503).send({ message: 'Service Unavailable' })
      return true
    }
    return false
  }

  app.get('/sns/jscode2session', async (request) => {
    const query = request.query as { appid: string; secret: string; js_code: string; grant_type: string }
    fake.code2Session.push({ appid: query.appid, js_code: query.js_code })
    if (query.appid !== appId || query.secret !== secret) return { errcode: 40013, errmsg: 'invalid appid' }
    if (query.js_code === 'used-code') return { errcode: 40163, errmsg: 'code been used' }
    return { openid: query.js_code, session_key: 'fake-session-key' }
  })

  app.post('/cgi-bin/stable_token', async (request, reply) => {
    const body = request.body as { grant_type: string; appid: string; secret: string; force_refresh?: boolean }
    fake.tokenRequests.push({ appid: body.appid, secret: body.secret, force_refresh: body.force_refresh })
    if (outage(reply)) return reply
    if (body.grant_type !== 'client_credential' || body.appid !== appId || body.secret !== secret) return { errcode: 40013, errmsg: 'invalid appid' }
    if (!token || body.force_refresh) {
      if (token) dead.set(token, 40001)
      token = `fake-token-${++tokenSeq}`
    }
    return { access_token: token, expires_in: 7200 }
  })

  app.post('/cgi-bin/message/subscribe/send', async (request, reply) => {
    const accessToken = (request.query as { access_token?: string }).access_token ?? ''
    const recorded: RecordedSend = { token: accessToken, body: request.body as RecordedSend['body'] }
    fake.sends.push(recorded)
    for (const waiter of waiters.filter((w) => fake.sends.length >= w.n)) {
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve()
    }
    if (outage(reply)) return reply
    const planned = fake.plan.shift()
    if (planned === 'hang') return new Promise(() => undefined) // the backend's own timeout or shutdown ends it
    if (planned === 'reset') {
      reply.raw.destroy()
      return reply
    }
    if (planned && 'status' in planned) return reply.code(planned.status).send({ message: 'planned failure' })
    if (dead.has(accessToken)) return { errcode: dead.get(accessToken), errmsg: 'access_token expired or invalid' }
    if (accessToken !== token) return { errcode: 40001, errmsg: 'invalid credential' }
    if (planned) return { errcode: planned.errcode, errmsg: planned.errmsg ?? 'planned errcode' }
    fake.delivered.push(recorded)
    return { errcode: 0, errmsg: 'ok', msgid: fake.delivered.length }
  })

  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  fake.base = address
  return fake
}
