/**
 * SQLite vs PostgreSQL, one vs two instances (#18): POST /api/tickets and GET /api/facilities/nearest
 * with autocannon against real server processes (mock-server/src/main.ts), side by side in one run.
 *
 *   DATABASE_URL=postgres://app:app@127.0.0.1:5432/app_test npx tsx bench/postgres.ts [seconds=5] [connections=10]
 *
 * Each PostgreSQL case gets a fresh schema (dropped afterwards). Two instances share one schema and
 * the load is split between them (each gets half the connections); their throughputs add up.
 * Rate limits are off (RATE_LIMIT_SCALE=0), logs at warn, simulator and timers as `npm run server`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import autocannon, { type Options, type Result } from 'autocannon'
import pg from 'pg'

const ROOT = path.resolve(__dirname, '..')
const SECONDS = Number(process.argv[2] ?? 5)
const CONNECTIONS = Number(process.argv[3] ?? 10)
const URL_PG = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL

interface Instance {
  url: string
  child: ChildProcess
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

async function start(dataDir: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'mock-server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', ...env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, H5_DIR: path.join(dataDir, 'none'), SIM: '0', LOG_LEVEL: 'warn', LOG_JSON: '1', RATE_LIMIT_SCALE: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  for (const deadline = Date.now() + 90_000; ; ) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, child }
    } catch {
      // not yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server on ${url} did not start`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

const stop = (instance: Instance) =>
  new Promise<void>((resolve) => {
    if (instance.child.exitCode !== null) return resolve()
    instance.child.once('exit', () => resolve())
    instance.child.kill('SIGTERM')
  })

async function token(url: string, name: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: `dev:${name}` }) })
  return ((await res.json()) as { token: string }).token
}

function cannon(options: Options): Promise<Result> {
  return new Promise((resolve, reject) => autocannon(options, (error, result) => (error ? reject(error) : resolve(result))))
}

const TICKET = JSON.stringify({ categoryId: 'exposed_garbage', description: '基准测试：路边垃圾', photoIds: [], location: { lat: 23.17, lng: 113.275, coordSystem: 'gcj02' } })

/** Requests per second over all instances (each gets its share of the connections). */
async function load(instances: Instance[], kind: 'post' | 'nearest'): Promise<{ rps: number; p99: number; errors: number }> {
  const tokens = await Promise.all(instances.map((instance, i) => token(instance.url, `bench-pg-${i}-${crypto.randomUUID().slice(0, 8)}`)))
  const results = await Promise.all(
    instances.map((instance, i) =>
      cannon({
        url: instance.url,
        connections: Math.max(1, Math.round(CONNECTIONS / instances.length)),
        duration: SECONDS,
        requests: [
          kind === 'post'
            ? {
                method: 'POST',
                path: '/api/tickets',
                headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i]}` },
                body: TICKET,
                setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'idempotency-key': crypto.randomUUID() } }),
              }
            : { method: 'GET', path: '/api/facilities/nearest?lat=23.17&lng=113.275&limit=10' },
        ],
      }),
    ),
  )
  return {
    rps: results.reduce((sum, r) => sum + r.requests.average, 0),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
  }
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-bench-pg-'))
  const rows: { name: string; post: Awaited<ReturnType<typeof load>>; nearest: Awaited<ReturnType<typeof load>> }[] = []
  const schemas: string[] = []
  const run = async (name: string, count: number, env: Record<string, string>) => {
    const dir = fs.mkdtempSync(path.join(dataDir, 'case-'))
    const instances: Instance[] = []
    try {
      for (let i = 0; i < count; i++) instances.push(await start(dir, env))
      const post = await load(instances, 'post')
      const nearest = await load(instances, 'nearest')
      rows.push({ name, post, nearest })
      console.log(`${name}: POST ${Math.round(post.rps)} req/s (p99 ${post.p99} ms, ${post.errors} errors), nearest ${Math.round(nearest.rps)} req/s (p99 ${nearest.p99} ms)`)
    } finally {
      await Promise.all(instances.map(stop))
    }
  }
  try {
    await run('SQLite, 1 instance', 1, {})
    if (!URL_PG) {
      console.log('DATABASE_URL unset: PostgreSQL cases skipped')
      return
    }
    for (const [name, count] of [['PostgreSQL, 1 instance', 1], ['PostgreSQL, 2 instances', 2]] as const) {
      const schema = `bench_${crypto.randomBytes(4).toString('hex')}`
      schemas.push(schema)
      await run(name, count, { DATABASE_URL: URL_PG, DATABASE_SCHEMA: schema })
    }
    const [sqlite, pg1, pg2] = rows
    const ratio = (a: number, b: number) => (a / b).toFixed(2)
    console.log(`\n| case | POST /api/tickets req/s | GET nearest req/s |\n|---|---|---|`)
    for (const row of rows) console.log(`| ${row.name} | ${Math.round(row.post.rps)} | ${Math.round(row.nearest.rps)} |`)
    console.log(`\nPostgreSQL ÷ SQLite (1 instance): POST ${ratio(pg1.post.rps, sqlite.post.rps)}, nearest ${ratio(pg1.nearest.rps, sqlite.nearest.rps)}`)
    console.log(`2 ÷ 1 instances on PostgreSQL: POST ${ratio(pg2.post.rps, pg1.post.rps)}, nearest ${ratio(pg2.nearest.rps, pg1.nearest.rps)}`)
  } finally {
    if (URL_PG && schemas.length) {
      const client = new pg.Client({ connectionString: URL_PG })
      await client.connect()
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await client.end()
    }
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
