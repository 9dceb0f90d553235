/**
 * Where an endpoint spends its time: starts bench/server.ts with BENCH_PROFILE (a CPU profile of
 * the serving, seeding excluded), loads one endpoint with autocannon, stops the server and prints
 * the functions with the most self time.
 *
 *   npx tsx bench/profile.ts "POST /api/tickets" [facilities=100000] [tickets=10000] [seconds=10]
 *
 * The .cpuprofile stays in .builds/bench/profiles/ (open it in Chrome DevTools' Performance tab).
 */
import { createRequire } from 'node:module'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import autocannon from 'autocannon'
import { ENDPOINTS } from './api-throughput'
import { ROOT } from './build'
import { READY_PREFIX, type AppReady } from './protocol'

// Node's resolver (the webpack typings in the shared tsconfig shadow `require`).
const nodeRequire = createRequire(__filename)

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
}

async function main() {
  const [name = 'GET /api/facilities/nearest', facilities = '100000', tickets = '10000', seconds = '10'] = process.argv.slice(2)
  const endpoint = ENDPOINTS.find((e) => e.name === name)
  if (!endpoint) throw new Error(`unknown endpoint "${name}"; one of: ${ENDPOINTS.map((e) => e.name).join(', ')}`)
  const dir = path.join(ROOT, '.builds/bench/profiles')
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${name.replace(/[^\w]+/g, '-').replace(/^-|-$/g, '')}.cpuprofile`)
  const child = spawn(process.execPath, [nodeRequire.resolve('tsx/cli'), path.join(__dirname, 'server.ts'), 'app', facilities, tickets, '500'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_PROFILE: file },
  })
  const ready = await new Promise<AppReady>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith(READY_PREFIX)) resolve(JSON.parse(line.slice(READY_PREFIX.length)))
    })
  })
  const result = await autocannon({ url: `http://127.0.0.1:${ready.port}`, connections: 10, duration: Number(seconds), requests: [endpoint.request(ready)] })
  console.log(`${name}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`)
  child.removeAllListeners('exit')
  await new Promise((resolve) => {
    child.once('exit', resolve)
    child.kill('SIGTERM')
  })
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[] }
  const self = new Map<string, number>()
  let total = 0
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0
    total += hits
    const where = node.callFrame.url.replace(/^.*node_modules\//, '').replace(`file://${ROOT}/`, '')
    const key = `${node.callFrame.functionName || '(anonymous)'}  ${where}:${node.callFrame.lineNumber + 1}`
    self.set(key, (self.get(key) ?? 0) + hits)
  }
  console.log(`profile: ${path.relative(ROOT, file)}; top self time while serving:`)
  for (const [key, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${((hits / total) * 100).toFixed(1).padStart(5)} %  ${key}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
