/**
 * Event-loop guard: while hostile bodies arrive (1 MB of repeated form keys with and without an
 * api_key and the same just under the body limits, deep JSON nesting, huge arrays, 60,000 keys,
 * bodies trickling in byte by byte), a health probe on the same real server process answers within
 * 200 ms, and no hostile request gets a 5xx. The attackers run in a worker thread, so this test's
 * own event loop only probes.
 */
import { Worker } from 'node:worker_threads'
import { loginOver, startServerProcess, type ServerProcess } from './server-process'

const PROBE_BUDGET_MS = 200
const ATTACK_MS = 4000

/** The attacker, as plain JavaScript for a worker thread. */
const ATTACKER = `
const { parentPort, workerData } = require('node:worker_threads')
const net = require('node:net')
const { url, port, token } = workerData
const repeatedKeys = (prefix, bytes = 1000000) => prefix + Array.from({ length: Math.ceil(bytes / 4) }, () => 'a=1').join('&').slice(0, bytes - prefix.length)
const deep = (levels) => '{"categoryId":' + '['.repeat(levels) + ']'.repeat(levels) + '}'
const form = 'application/x-www-form-urlencoded'
const json = 'application/json'
const attacks = [
  ['/open311/v2/requests.json', repeatedKeys('service_code=x&'), form],
  ['/open311/v2/requests.json', repeatedKeys('api_key=dev-open311-key&'), form],
  ['/open311/v2/requests.json', repeatedKeys('service_code=x&', 60000), form],
  ['/open311/v2/requests.json', repeatedKeys('api_key=dev-open311-key&', 60000), form],
  ['/api/tickets', deep(30000), json],
  ['/api/tickets', deep(400000), json],
  ['/api/tickets', JSON.stringify({ categoryId: 'exposed_garbage', description: 'x', location: { lat: 23.17, lng: 113.275, coordSystem: 'gcj02' }, photoIds: Array.from({ length: 5000 }, (_, i) => 'p' + i) }), json],
  ['/api/ops/position', JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => ['k' + i, i]))), json],
]
const statuses = []
let attacking = true
parentPort.on('message', () => { attacking = false })
const slow = Array.from({ length: 50 }, () => {
  const socket = net.connect(port, '127.0.0.1', () => socket.write('POST /api/tickets HTTP/1.1\\r\\nHost: x\\r\\nContent-Type: application/json\\r\\nContent-Length: 10000\\r\\n\\r\\n{'))
  socket.on('error', () => undefined)
  const timer = setInterval(() => socket.writable && socket.write(' '), 500)
  return { socket, timer }
})
Promise.all(attacks.map(async ([path, body, type]) => {
  while (attacking) {
    try {
      const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': type, authorization: 'Bearer ' + token }, body })
      await res.arrayBuffer()
      statuses.push(res.status)
    } catch { statuses.push(0) }
  }
})).then(() => {
  for (const { socket, timer } of slow) { clearInterval(timer); socket.destroy() }
  parentPort.postMessage(statuses)
})
`

describe('event-loop guard', () => {
  let server: ServerProcess
  let token: string
  beforeAll(async () => {
    server = await startServerProcess()
    token = await loginOver(server.url, 'hostile')
  }, 90_000)
  afterAll(async () => {
    await server?.kill('SIGKILL')
  })

  /** Health probes every 50 ms for `ms`; their latencies, sorted. */
  async function probe(ms: number): Promise<number[]> {
    const latencies: number[] = []
    const end = Date.now() + ms
    while (Date.now() < end) {
      const started = performance.now()
      const res = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(5000) })
      await res.arrayBuffer()
      latencies.push(performance.now() - started)
      expect(res.status).toBe(200)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return latencies.sort((a, b) => a - b)
  }

  // The machine is shared (2 cores, other test runs): the budget is on top of what a quiet probe takes now.
  it(`answers a health probe within ${PROBE_BUDGET_MS} ms (over the quiet baseline) whatever the hostile requests hold`, async () => {
    const quiet = await probe(1000)
    const attacker = new Worker(ATTACKER, { eval: true, workerData: { url: server.url, port: server.port, token } })
    const done = new Promise<number[]>((resolve, reject) => {
      attacker.once('message', resolve)
      attacker.once('error', reject)
    })
    await new Promise((resolve) => setTimeout(resolve, 500))
    const latencies = await probe(ATTACK_MS)
    attacker.postMessage('stop')
    const statuses = await done
    await attacker.terminate()

    const median = (list: number[]) => Math.round(list[Math.floor(list.length / 2)])
    const summary = { probes: latencies.length, median: median(latencies), max: Math.round(latencies.at(-1)!), quietMedian: median(quiet), quietMax: Math.round(quiet.at(-1)!), hostile: statuses.length }
    console.log('event-loop guard', JSON.stringify(summary), 'statuses', JSON.stringify([...new Set(statuses)]))
    expect(statuses.length).toBeGreaterThan(8)
    expect(statuses.filter((status) => status >= 500 || status === 0)).toEqual([])
    expect(summary.median).toBeLessThan(PROBE_BUDGET_MS + summary.quietMedian)
    expect(summary.max).toBeLessThan(PROBE_BUDGET_MS + summary.quietMax)
  }, 60_000)
})
