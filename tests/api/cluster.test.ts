/**
 * Several instances on one PostgreSQL (#18): two `buildApp`s on the same schema, as two processes
 * behind a load balancer would be. Live events cross instances (LISTEN/NOTIFY), the timers run on
 * one leader only, and the other takes over when the leader goes. On SQLite (one instance owns
 * the file) the only check is that the lone instance leads and runs its timers.
 */
import type { AddressInfo } from 'node:net'
import { sql } from 'kysely'
import type { TicketLiveData } from '@contract/console'
import { buildTestApp, login, onPostgres } from '../helpers/app'
import { openSse } from '../helpers/sse'
import { fileTicketOk } from '../helpers/tickets'

const onPg = onPostgres ? describe : describe.skip
const fast = { maintenanceIntervalMs: 50, notifications: { intervalMs: 50 }, cluster: { leaderRetryMs: 150 } }

async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<number> {
  const started = Date.now()
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return Date.now() - started
}

describe('a single instance', () => {
  it('leads at once and runs its timers', async () => {
    const ctx = await buildTestApp({}, fast)
    try {
      await until(() => (ctx.app.cluster.runs.maintenance ?? 0) >= 2, 5000, 'maintenance runs')
      await until(() => (ctx.app.cluster.runs.notifications ?? 0) >= 2, 5000, 'notification sender runs')
      expect(ctx.app.cluster.leading).toBe(true)
      expect(ctx.app.cluster.shared).toBe(onPostgres)
    } finally {
      await ctx.cleanup()
    }
  })
})

onPg('two instances on one PostgreSQL', () => {
  let a: Awaited<ReturnType<typeof buildTestApp>>
  let b: Awaited<ReturnType<typeof buildTestApp>>

  beforeAll(async () => {
    // The safety poll is off: whatever B's stream sees came through NOTIFY.
    a = await buildTestApp({}, { ...fast, liveEvents: { pollMs: 0, heartbeatMs: 500 } })
    b = await buildTestApp({ dataDir: a.dataDir }, { ...fast, liveEvents: { pollMs: 0, heartbeatMs: 500 } })
    await until(() => a.app.cluster.leading || b.app.cluster.leading, 5000, 'a leader')
  })
  afterAll(async () => {
    await b.app.close()
    await a.cleanup()
  })

  it('share one schema', () => {
    expect(b.config.databaseSchema).toBe(a.config.databaseSchema)
    expect(a.app.cluster.instanceId).not.toBe(b.app.cluster.instanceId)
  })

  it('stream a ticket filed through A to a dispatcher listening on B', async () => {
    await b.app.listen({ host: '127.0.0.1', port: 0 })
    const base = `http://127.0.0.1:${(b.app.server.address() as AddressInfo).port}`
    const dispatcher = (await login(b.app, 'dispatcher')).token
    const client = await openSse(`${base}/api/ops/events`, { authorization: `Bearer ${dispatcher}` })
    try {
      expect(client.status).toBe(200)
      const resident = (await login(a.app, 'cluster-alice')).token
      const started = performance.now()
      const ticket = await fileTicketOk(a.app, resident)
      const message = await client.waitFor((m) => m.event === 'ticket' && (JSON.parse(m.data) as TicketLiveData).ticket.id === ticket.id, 3000)
      expect(message.receivedAt - started).toBeLessThan(3000)
      expect((JSON.parse(message.data) as TicketLiveData).ticket).toMatchObject({ id: ticket.id, number: ticket.number, status: 'submitted' })
    } finally {
      client.close()
    }
  })

  it('run the maintenance and the notification sender on one of them only', async () => {
    const [leader, follower] = a.app.cluster.leading ? [a, b] : [b, a]
    expect(follower.app.cluster.leading).toBe(false)
    for (const timer of ['maintenance', 'notifications']) {
      const before = { leader: leader.app.cluster.runs[timer] ?? 0, follower: follower.app.cluster.runs[timer] ?? 0 }
      await new Promise((resolve) => setTimeout(resolve, 600))
      expect((leader.app.cluster.runs[timer] ?? 0) - before.leader).toBeGreaterThanOrEqual(3)
      expect(follower.app.cluster.runs[timer] ?? 0).toBe(before.follower)
    }
  })

  it('hand the timers to the other when the leader dies (its lock connection is killed)', async () => {
    const [leader, follower] = a.app.cluster.leading ? [a, b] : [b, a]
    const leaderPid = (leader.app.database.coordinator as unknown as { pids: { leader: (number | undefined)[] } }).pids.leader[0]
    expect(leaderPid).toBeGreaterThan(0)
    // What a crash looks like from PostgreSQL: the session holding the lock ends. (A real kill -9
    // of a server process is in tests/api/durability-pg.test.ts.)
    await sql`SELECT pg_terminate_backend(${leaderPid}::int)`.execute(follower.app.db)
    const took = await until(() => follower.app.cluster.leading, 30_000, 'the follower to lead')
    expect(took).toBeLessThan(30_000)
    await until(() => !leader.app.cluster.leading, 5000, 'the old leader to step down')
    const runs = follower.app.cluster.runs.maintenance ?? 0
    await until(() => (follower.app.cluster.runs.maintenance ?? 0) > runs + 2, 5000, 'maintenance on the new leader')
    // The old leader reconnects, finds the lock taken and stays a follower.
    const oldRuns = leader.app.cluster.runs.maintenance ?? 0
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(leader.app.cluster.leading).toBe(false)
    expect(leader.app.cluster.runs.maintenance ?? 0).toBe(oldRuns)
  })
})
