/**
 * PostgreSQL durability and failover with real server processes (#18; api-pg project only):
 * - kill -9 under a bounded load of ticket filings loses no acknowledged ticket;
 * - two processes on one schema: kill -9 the leader, and the other holds the leader lock (and so
 *   runs the timers) within 30 s. The lock's holder is read from pg_locks + pg_stat_activity, where
 *   each leader session is named `ybs-leader:<schema>:<pid>`.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import pg from 'pg'
import { killNineUnderLoad, startServerProcess, tempDataDir, type ServerProcess } from '../fault/server-process'
import { dropTestSchemas, onPostgres, testDatabaseUrl } from '../helpers/app'

const onPg = onPostgres ? describe : describe.skip

onPg('PostgreSQL with real server processes', () => {
  const servers: ServerProcess[] = []
  const dataDirs: string[] = []
  const schemas: string[] = []
  let admin: pg.Client

  const start = async (dataDir: string, schema: string) => {
    const server = await startServerProcess({ dataDir, env: { DATABASE_URL: testDatabaseUrl!, DATABASE_SCHEMA: schema } })
    servers.push(server)
    return server
  }
  const newSchema = () => {
    const dataDir = tempDataDir()
    dataDirs.push(dataDir)
    const schema = `d_${crypto.randomBytes(5).toString('hex')}`
    schemas.push(schema)
    return { dataDir, schema }
  }

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: testDatabaseUrl })
    await admin.connect()
  })
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.kill('SIGKILL')))
    await admin.end()
    await dropTestSchemas(schemas)
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('loses no acknowledged ticket to kill -9 under load', async () => {
    const { dataDir, schema } = newSchema()
    const { acknowledged, missing, server } = await killNineUnderLoad({ name: 'pgkill', start: () => start(dataDir, schema) })
    expect(acknowledged.length).toBeGreaterThan(10)
    expect(missing).toEqual([])
    // Numbers stayed unique and the day's counter is at least the highest acknowledged.
    const { rows } = await admin.query(`SELECT count(*)::int AS n, count(DISTINCT number)::int AS distinct_numbers FROM "${schema}".tickets`)
    expect(rows[0].n).toBe(rows[0].distinct_numbers)
    expect(rows[0].n).toBeGreaterThanOrEqual(acknowledged.length)
    await server.kill('SIGTERM')
  }, 180_000)

  it('hands the leader lock to the other process within 30 s of a kill -9', async () => {
    const { dataDir, schema } = newSchema()
    const first = await start(dataDir, schema)
    const second = await start(dataDir, schema)
    const holder = async (): Promise<number | null> => {
      const { rows } = await admin.query<{ name: string }>(
        `SELECT a.application_name AS name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE $1`,
        [`ybs-leader:${schema}:%`],
      )
      if (rows.length > 1) throw new Error(`two leaders: ${rows.map((row) => row.name).join(', ')}`)
      return rows.length ? Number(rows[0].name.split(':').pop()) : null
    }
    const waitFor = async (check: (pid: number | null) => boolean, ms: number) => {
      const started = Date.now()
      for (;;) {
        const pid = await holder()
        if (check(pid)) return { pid, ms: Date.now() - started }
        if (Date.now() - started > ms) throw new Error(`no change within ${ms} ms (holder ${pid})`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
    const pids = [first.child.pid!, second.child.pid!]
    const { pid: leaderPid } = await waitFor((pid) => pid !== null && pids.includes(pid), 30_000)
    const [leader, follower] = leaderPid === first.child.pid ? [first, second] : [second, first]
    await leader.kill('SIGKILL')
    const takeover = await waitFor((pid) => pid === follower.child.pid, 30_000)
    expect(takeover.ms).toBeLessThan(30_000)
    // The survivor still answers.
    expect((await fetch(`${follower.url}/api/health`)).status).toBe(200)
    await follower.kill('SIGTERM')
  }, 180_000)
})
