/**
 * `npm run bench`: package size, H5 first screen, API throughput, nearest-facility latency and
 * the photo pipeline in one command. Prints one table (stdout; progress goes to stderr) and
 * writes bench/results.json with the machine and every figure. Each throughput or latency sits
 * beside a baseline measured in the same run; a line over its budget is marked, never an error.
 *
 *   npm run bench                         full scale (100k facilities, 10k tickets, 10 s per endpoint)
 *   npm run bench -- --scale tiny         the smoke test's scale (BENCH_SCALE=tiny works too)
 *   npm run bench -- --only api,nearest   some parts: weapp, h5, console, api, nearest, photos
 *
 * Environment: BENCH_SKIP_BUILD=1 measures existing builds instead of building (BENCH_WEAPP_DIST,
 * BENCH_H5_DIST name them; default .builds/bench/dist and .builds/bench/dist-h5; a missing H5
 * build measures the baseline page only; the console, a few seconds of esbuild, is built into
 * BENCH_CONSOLE_DIST, default .builds/bench/dist-console, unless skipped and present);
 * BENCH_OUT changes where the JSON goes.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { benchApi } from './api-throughput'
import { H5_DIST, ROOT, WEAPP_DIST, taroBuild } from './build'
import { CONSOLE_DIST, buildBenchConsole, consoleRows } from './console'
import { h5Rows } from './h5-first-screen'
import { nearestRows } from './nearest'
import { photoRows } from './photos'
import { publicStatsRows } from './public-stats'
import { scaleFrom } from './scale'
import { renderTable, type Row } from './table'
import { weappSizeRows } from './weapp-size'

const PARTS = ['weapp', 'h5', 'console', 'nearest', 'photos', 'api', 'stats'] as const
type Part = (typeof PARTS)[number]

const log = (line: string) => process.stderr.write(`${line}\n`)

function partsFrom(argv: string[]): Part[] {
  const at = argv.indexOf('--only')
  if (at < 0) return [...PARTS]
  const wanted = (argv[at + 1] ?? '').split(',').filter(Boolean)
  const unknown = wanted.filter((part) => !PARTS.includes(part as Part))
  if (unknown.length || !wanted.length) throw new Error(`--only takes a list of ${PARTS.join(', ')}; got "${argv[at + 1] ?? ''}"`)
  return PARTS.filter((part) => wanted.includes(part))
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return null
  }
}

function machine() {
  const cpus = os.cpus()
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    /** 1-minute load average: other work on the machine shows here (and in noisier figures). */
    loadAverage: Number(os.loadavg()[0].toFixed(2)),
  }
}

async function main() {
  const started = performance.now()
  const loadBefore = os.loadavg()[0]
  const scale = scaleFrom(process.argv, process.env)
  const parts = partsFrom(process.argv)
  const skipBuild = ['1', 'true', 'yes'].includes((process.env.BENCH_SKIP_BUILD ?? '').toLowerCase())
  const weappDir = path.resolve(ROOT, process.env.BENCH_WEAPP_DIST || WEAPP_DIST)
  const h5Dir = path.resolve(ROOT, process.env.BENCH_H5_DIST || H5_DIST)
  const out = path.resolve(ROOT, process.env.BENCH_OUT || 'bench/results.json')
  const rows: Row[] = []
  const detail: Record<string, unknown> = {}
  const timings: Record<string, number> = {}
  const failures: { step: string; error: string }[] = []
  /** Runs one step; a failure is reported under the table and in the JSON, and the run goes on. */
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T | undefined> => {
    log(`▶ ${name}`)
    const t = performance.now()
    try {
      return await fn()
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error)
      log(`  ✗ ${name} failed: ${text}`)
      failures.push({ step: name, error: text.slice(0, 4000) })
      return undefined
    } finally {
      timings[name] = Math.round(performance.now() - t)
    }
  }
  log(`bench: scale ${scale.name}, parts ${parts.join(', ')}${skipBuild ? ', builds skipped' : ''}`)

  // A failed build leaves no folder behind, so an old build is never measured as if it were new.
  const build = async (type: 'weapp' | 'h5', dir: string) => {
    if (skipBuild) return
    fs.rmSync(dir, { recursive: true, force: true })
    await step(`${type} build`, () => taroBuild(type, dir))
  }
  const record = (key: string, result: { rows: Row[]; detail: unknown } | undefined) => {
    if (!result) return
    rows.push(...result.rows)
    detail[key] = result.detail
  }

  if (parts.includes('weapp')) {
    await build('weapp', weappDir)
    if (fs.existsSync(path.join(weappDir, 'app.json'))) record('weapp', await step('weapp sizes', async () => weappSizeRows(weappDir)))
    else log(`  no weapp build in ${weappDir}: sizes not measured`)
  }
  if (parts.includes('h5')) {
    await build('h5', h5Dir)
    const built = fs.existsSync(path.join(h5Dir, 'index.html'))
    if (!built) log(`  no H5 build in ${h5Dir}: baseline page only`)
    record('h5', await step('h5 first screen', () => h5Rows(built ? h5Dir : null, scale.h5Runs, log)))
  }
  if (parts.includes('console')) {
    // esbuild takes seconds: the console is built even with BENCH_SKIP_BUILD unless its folder exists.
    const consoleDir = path.resolve(ROOT, process.env.BENCH_CONSOLE_DIST || CONSOLE_DIST)
    const exists = fs.existsSync(path.join(consoleDir, 'index.html'))
    const built = skipBuild && exists ? undefined : await step('console build', () => buildBenchConsole(consoleDir))
    const present = fs.existsSync(path.join(consoleDir, 'index.html'))
    record('console', await step('console first load and render', () => consoleRows({ consoleDir: present ? consoleDir : null, tickets: scale.consoleTickets, runs: scale.consoleRuns, eventRate: 20, eventSeconds: scale.consoleEventSeconds, log, build: built })))
  }
  if (parts.includes('nearest')) record('nearest', await step('nearest in-process', () => nearestRows(scale, log)))
  if (parts.includes('photos')) record('photos', await step('photo pipeline', () => photoRows(scale, log)))
  if (parts.includes('api')) record('api', await step('API throughput', () => benchApi(scale, log)))
  if (parts.includes('stats')) record('stats', await step('GET /api/stats (#15)', () => publicStatsRows(scale, log)))

  const totalSeconds = (performance.now() - started) / 1000
  const info = machine()
  const header = [
    `云报事 benchmark · ${new Date().toISOString()} · scale ${scale.name} · ${info.cpu} × ${info.cores} cores · Node ${info.node}${gitCommit() ? ` · commit ${gitCommit()}` : ''}`,
    `load average ${loadBefore.toFixed(1)} at start, ${info.loadAverage.toFixed(1)} at end (${info.cores} cores: above that, other work shares the CPU and the figures are noisy)`,
    `API server: RATE_LIMIT_SCALE=0 (per-route rate limits off, see mock-server/src/config.ts), logger silent, simulator off. Ratios: value / baseline measured in this run.`,
    '',
  ].join('\n')
  const table = renderTable(rows)
  const failed = failures.length ? `\n\nFAILED (not measured): ${failures.map((f) => `${f.step}: ${f.error.split('\n')[0]}`).join('; ')}` : ''
  process.stdout.write(`\n${header}${table}${failed}\n\nran in ${totalSeconds.toFixed(0)} s; results: ${path.relative(ROOT, out)}\n`)

  const results = {
    date: new Date().toISOString(),
    scale,
    machine: { ...info, loadAverageAtStart: Number(loadBefore.toFixed(2)) },
    commit: gitCommit(),
    settings: { rateLimitScale: 0, logger: 'silent', simulator: false },
    runSeconds: Math.round(totalSeconds),
    stepMs: timings,
    rows,
    overBudget: rows.filter((row) => row.goal && !row.goal.met).map((row) => row.measure),
    failures,
    detail,
  }
  fs.mkdirSync(path.dirname(out), { recursive: true })
  fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`)
  // Over budget is reported, not an error; a step that could not run is.
  if (failures.length) process.exitCode = 1
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
