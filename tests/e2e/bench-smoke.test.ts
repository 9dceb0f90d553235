/**
 * `npm run bench` at a tiny scale, so the benchmark cannot rot: every part runs its real code path
 * (autocannon against the seeded server, Chromium on Slow 4G, the nearest and photo benchmarks)
 * with small inputs. The builds are skipped: sizes are measured on a small fixture package and the
 * first-screen code runs on the baseline page. The figures themselves are not judged here.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

jest.setTimeout(180_000)

const ROOT = path.resolve(__dirname, '../..')

/** A built mini-program in miniature: a main package and one subpackage. */
function weappFixture(dir: string) {
  fs.mkdirSync(path.join(dir, 'packages/report/form'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify({ pages: ['pages/report/index'], subPackages: [{ root: 'packages/report', pages: ['form/index'] }] }))
  fs.writeFileSync(path.join(dir, 'app.js'), 'x'.repeat(2048))
  fs.writeFileSync(path.join(dir, 'app.js.map'), 'sourcemaps are not counted'.repeat(1000))
  fs.writeFileSync(path.join(dir, 'packages/report/form/index.js'), 'y'.repeat(1024))
}

interface Results {
  machine: { cpu: string; cores: number; node: string }
  rows: { section: string; measure: string; value: number; unit: string; ratio?: number; goal?: { met: boolean }; note?: string }[]
  failures: unknown[]
  detail: { api: { endpoints: { name: string; statusCodes: Record<string, number>; non2xx: number; errors: number }[] } }
}

describe('npm run bench (tiny scale)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-bench-smoke-'))
  const out = path.join(tmp, 'results.json')
  let run: ReturnType<typeof spawnSync>
  let results: Results

  beforeAll(() => {
    weappFixture(path.join(tmp, 'weapp'))
    run = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['bench/run.ts', '--scale', 'tiny'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        BENCH_SKIP_BUILD: '1',
        BENCH_WEAPP_DIST: path.join(tmp, 'weapp'),
        BENCH_H5_DIST: path.join(tmp, 'no-h5-build'),
        BENCH_CONSOLE_DIST: path.join(tmp, 'console'),
        BENCH_OUT: out,
      },
      timeout: 170_000,
    })
    if (run.status !== 0) throw new Error(`bench exited with ${run.status}:\n${run.stdout}\n${run.stderr}`)
    results = JSON.parse(fs.readFileSync(out, 'utf8'))
  })
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

  it('prints one table with every part and the machine', () => {
    const stdout = String(run.stdout)
    for (const text of ['weapp production build', 'H5 first screen', 'nearest 10 of 1,000 facilities', 'photo pipeline', 'RATE_LIMIT_SCALE=0', 'bare Fastify']) {
      expect(stdout).toContain(text)
    }
    expect(results.machine.cores).toBeGreaterThan(0)
    expect(results.machine.node).toBe(process.version)
    expect(results.failures).toEqual([])
  })

  it('measures the fixture package like config/size.ts: main without sourcemaps, the subpackage apart', () => {
    const size = (measure: string) => results.rows.find((row) => row.measure === measure)?.value
    expect(size('main package')).toBeCloseTo((2048 + fs.statSync(path.join(tmp, 'weapp/app.json')).size) / 1024, 1)
    expect(size('subpackage packages/report')).toBe(1)
    expect(results.rows.find((row) => row.measure === 'main package')?.goal?.met).toBe(true)
  })

  it('gets real answers from every endpoint under load: 201 for each new ticket, 200 for the reads', () => {
    const byName = Object.fromEntries(results.detail.api.endpoints.map((e) => [e.name, e]))
    expect(Object.keys(byName)).toEqual(['GET /api/facilities/nearest', 'POST /api/tickets', 'GET /api/tickets?scope=mine', 'GET /api/tickets/:id'])
    expect(Object.keys(byName['POST /api/tickets'].statusCodes)).toEqual(['201'])
    for (const endpoint of Object.values(byName)) {
      expect(endpoint.non2xx + endpoint.errors).toBe(0)
      expect(Object.values(endpoint.statusCodes).reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
    }
  })

  it('builds the console and measures its first load and a render at small scale', () => {
    const row = (prefix: string) => results.rows.find((r) => r.section === 'operator console' && r.measure.startsWith(prefix))
    const firstLoad = row('first-load JS, brotli')!
    expect(firstLoad.value).toBeGreaterThan(20) // React + Leaflet cannot be smaller
    expect(fs.existsSync(path.join(tmp, 'console/index.html'))).toBe(true)
    const render = row('first map + queue render')!
    expect(render.measure).toContain('300 open tickets')
    expect(render.value).toBeGreaterThan(0)
    const latency = row('live event latency, server to screen')!
    expect(latency.value).toBeGreaterThan(0)
    expect(latency.note).toContain('0 not seen, 0 refused')
  })

  it('gives every figure a finite value, and every throughput a ratio against the baseline', () => {
    for (const row of results.rows) expect(Number.isFinite(row.value)).toBe(true)
    const ratios = results.rows.filter((row) => row.measure.endsWith('throughput'))
    expect(ratios).toHaveLength(4)
    for (const row of ratios) expect(row.ratio).toBeGreaterThan(0)
  })
})
