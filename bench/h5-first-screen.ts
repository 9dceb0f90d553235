/**
 * H5 first screen on a throttled network. The built app is served by the real backend (buildApp,
 * temporary data folder, 127.0.0.1 on a free port) and opened in headless Chromium at phone size,
 * a fresh browser context (empty cache) per load, the network throttled through CDP.
 *
 * "Interactive" = from navigation start until the category grid of the 上报 tab is rendered AND a
 * tap on its first category has been answered: the app navigates (its URL changes to the report
 * form) or, in builds where the tab shows the category in place, a .category-detail appears. The
 * tap is sent the moment the grid appears. Both times are read from the page's own clock
 * (performance.now()), so Playwright's polling is not counted. Loading the form itself (a
 * subpackage chunk) is the second screen and not part of this figure. JS transferred = encodedDataLength of every Script response (bytes on
 * the wire, headers included).
 *
 * Baseline, same server, throttle and definition: a hand-written page with no framework and no
 * bundle that fetches the same /api/categories and renders the same grid: the network's floor.
 */
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { buildApp } from '../mock-server/src/app'
import { loadConfig } from '../mock-server/src/config'
import { launchBrowser, openPhonePage } from '../tests/helpers/browser'
import { median } from './stats'
import { atMost, type Row } from './table'

/**
 * Chrome DevTools' "Slow 4G" preset (front_end/core/sdk/NetworkManager.ts; called "Fast 3G" before
 * Chrome 126): 562.5 ms latency (150 ms × 3.75), 1.44 Mbit/s down (1.6 Mbit/s × 0.9),
 * 675 kbit/s up (750 kbit/s × 0.9). CPU not throttled.
 */
export const SLOW_4G = { offline: false, latency: 150 * 3.75, downloadThroughput: (1.6 * 1000 * 1000) / 8 * 0.9, uploadThroughput: (750 * 1000) / 8 * 0.9 }
export const INTERACTIVE_GOAL_MS = 1500
/** #19: the app's first screen at most this many times the framework-free page's, same run. */
export const INTERACTIVE_GOAL_RATIO = 1.5

const BASELINE_HTML = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>baseline</title></head><body><p>请选择要上报的问题类型</p><div id="grid"></div><script>
fetch('/api/categories').then(function (r) { return r.json() }).then(function (list) {
  var grid = document.getElementById('grid')
  list.items.forEach(function (c) {
    var cell = document.createElement('div'); cell.className = 'category-cell'; cell.textContent = c.name
    cell.onclick = function () { location.hash = '#/form?categoryId=' + c.id }
    grid.appendChild(cell)
  })
})
</script></body></html>`

/**
 * Records, in page time, when the first .category-cell appears (grid) and when the page first
 * answers a tap after that (tap): the URL changes (pushState, replaceState or hashchange) or a
 * .category-detail appears.
 */
const MARKS_SCRIPT = `(() => {
  const marks = (window.__benchMarks = {})
  let gridHref = null
  const check = () => {
    if (!marks.grid && document.querySelector('.category-cell')) {
      marks.grid = performance.now()
      gridHref = location.href
    }
    if (marks.grid && !marks.tap && (location.href !== gridHref || document.querySelector('.category-detail'))) marks.tap = performance.now()
  }
  for (const name of ['pushState', 'replaceState']) {
    const original = history[name]
    history[name] = function (...args) {
      const result = original.apply(this, args)
      check()
      return result
    }
  }
  addEventListener('hashchange', check)
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true })
})()`

/** One request of a load: when it was sent and finished, ms after the page's own request was sent. */
export interface WaterfallEntry {
  url: string
  type: string
  startMs: number
  endMs: number
  bytes: number
}

export interface LoadSample {
  gridMs: number
  interactiveMs: number
  scriptBytes: number
  totalBytes: number
  scripts: number
  /** Every request of the load, in the order sent (README's Performance section shows one). */
  waterfall: WaterfallEntry[]
}

async function loadOnce(browser: Browser, url: string): Promise<LoadSample> {
  const page = await openPhonePage(browser)
  try {
    await page.addInitScript(MARKS_SCRIPT)
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G)
    const scriptIds = new Set<string>()
    let scriptBytes = 0
    let totalBytes = 0
    const requests = new Map<string, { url: string; type: string; sent: number; finished?: number; bytes: number }>()
    cdp.on('Network.requestWillBeSent', (event) => {
      requests.set(event.requestId, { url: event.request.url, type: event.type ?? 'Other', sent: event.timestamp, bytes: 0 })
    })
    cdp.on('Network.responseReceived', (event) => {
      if (event.type === 'Script') scriptIds.add(event.requestId)
    })
    cdp.on('Network.loadingFinished', (event) => {
      totalBytes += event.encodedDataLength
      if (scriptIds.has(event.requestId)) scriptBytes += event.encodedDataLength
      const request = requests.get(event.requestId)
      if (request) Object.assign(request, { finished: event.timestamp, bytes: event.encodedDataLength })
    })
    await page.goto(url, { waitUntil: 'commit', timeout: 60_000 })
    const cell = page.locator('.category-cell').first()
    await cell.waitFor({ timeout: 60_000 })
    await cell.click()
    const tapped = await page.waitForFunction(() => (window as unknown as { __benchMarks: { tap?: number } }).__benchMarks.tap, null, { timeout: 60_000 })
    const tapMs = (await tapped.jsonValue()) as number
    const gridMs = await page.evaluate(() => (window as unknown as { __benchMarks: { grid: number } }).__benchMarks.grid)
    // Let late scripts (lazy chunks the first screen pulls in) finish so their bytes are counted.
    await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => undefined)
    const all = [...requests.values()]
    const origin = all[0]?.sent ?? 0
    const waterfall = all.map((r) => ({
      url: r.url.startsWith('data:') ? 'data:…' : new URL(r.url).pathname + new URL(r.url).search,
      type: r.type,
      startMs: Math.round((r.sent - origin) * 1000),
      endMs: r.finished === undefined ? -1 : Math.round((r.finished - origin) * 1000),
      bytes: r.bytes,
    }))
    return { gridMs, interactiveMs: tapMs, scriptBytes, totalBytes, scripts: scriptIds.size, waterfall }
  } finally {
    await page.context().close()
  }
}

async function serve(h5Dir: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-bench-h5-'))
  const app = await buildApp({ ...loadConfig({}), dataDir, h5Dir, logLevel: 'silent', sim: false }, { maintenanceIntervalMs: 0 })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      await app.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

async function measurePage(browser: Browser, h5Dir: string, runs: number): Promise<LoadSample[]> {
  const server = await serve(h5Dir)
  try {
    const samples: LoadSample[] = []
    for (let run = 0; run < runs; run++) samples.push(await loadOnce(browser, server.url))
    return samples
  } finally {
    await server.close()
  }
}

const summary = (samples: LoadSample[]) => ({
  gridMs: median(samples.map((s) => s.gridMs)),
  interactiveMs: median(samples.map((s) => s.interactiveMs)),
  scriptBytes: median(samples.map((s) => s.scriptBytes)),
  totalBytes: median(samples.map((s) => s.totalBytes)),
  scripts: median(samples.map((s) => s.scripts)),
  // The page's own bytes: scripts written into it (the entry, since #19 part 2) are not "Script" responses.
  documentBytes: median(samples.map((s) => s.waterfall.filter((r) => r.type === 'Document').reduce((sum, r) => sum + r.bytes, 0))),
})

/** `h5Dir` null: the app is not built in this run (smoke test), only the baseline page is measured. */
export async function h5Rows(h5Dir: string | null, runs: number, log: (line: string) => void) {
  const baselineDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-bench-baseline-'))
  fs.writeFileSync(path.join(baselineDir, 'index.html'), BASELINE_HTML)
  const browser = await launchBrowser()
  try {
    const baselineSamples = await measurePage(browser, baselineDir, runs)
    const baseline = summary(baselineSamples)
    log(`  baseline page: interactive ${Math.round(baseline.interactiveMs)} ms`)
    const appSamples = h5Dir ? await measurePage(browser, h5Dir, runs) : []
    const app = appSamples.length ? summary(appSamples) : null
    if (app) log(`  app: grid ${Math.round(app.gridMs)} ms, interactive ${Math.round(app.interactiveMs)} ms, JS ${Math.round(app.scriptBytes / 1024)} KB in ${app.scripts} scripts`)
    // Each run's grid → tap answered: the tap is sent when Playwright's locator sees the grid, and
    // its polling (about 20, 50, 100, 100, then 500 ms apart) makes that gap either ~50–100 ms or
    // ~500 ms whatever the page does, so a median of 5 can move by ~0.4 s between runs of one build.
    const perRun = (samples: LoadSample[]) => samples.map((s) => `${Math.round(s.gridMs)}→${Math.round(s.interactiveMs)}`).join(', ')
    log(`  runs (grid→interactive ms): baseline ${perRun(baselineSamples)}${appSamples.length ? `; app ${perRun(appSamples)}` : ''}`)
    // The waterfall of the run nearest the median, for reading where the time goes.
    const typical = [...appSamples].sort((a, b) => Math.abs(a.interactiveMs - (app?.interactiveMs ?? 0)) - Math.abs(b.interactiveMs - (app?.interactiveMs ?? 0)))[0]
    if (typical) {
      log(`  waterfall of the run nearest the median (grid ${Math.round(typical.gridMs)} ms, tap answered ${Math.round(typical.interactiveMs)} ms, page clock):`)
      for (const r of typical.waterfall) log(`    ${String(r.startMs).padStart(5)} → ${String(r.endMs).padStart(5)} ms  ${(r.bytes / 1024).toFixed(1).padStart(6)} KB  ${r.type.padEnd(10)} ${r.url}`)
    }

    const section = `H5 first screen (Chromium, Slow 4G: ${SLOW_4G.latency} ms RTT, ${((SLOW_4G.downloadThroughput * 8) / 1e6).toFixed(2)} Mbit/s down; median of ${runs})`
    const interactive = app && {
      section,
      value: app.interactiveMs,
      unit: 'ms' as const,
      baseline: { label: 'plain page', value: baseline.interactiveMs },
      ratio: app.interactiveMs / baseline.interactiveMs,
    }
    const rows: Row[] = app && interactive
      ? [
          { section, measure: 'category grid rendered', value: app.gridMs, unit: 'ms', baseline: { label: 'plain page', value: baseline.gridMs }, ratio: app.gridMs / baseline.gridMs },
          { ...interactive, measure: 'interactive (grid + tap answered)', goal: atMost(app.interactiveMs, INTERACTIVE_GOAL_MS, '≤ 1.5 s') },
          { ...interactive, measure: 'interactive (target #19)', goal: atMost(interactive.ratio, INTERACTIVE_GOAL_RATIO, '≤ 1.5 × plain page') },
          {
            section,
            measure: 'JS transferred',
            value: app.scriptBytes,
            unit: 'B',
            note: `${app.scripts} scripts, not counting scripts inside the page (index.html ${(app.documentBytes / 1024).toFixed(0)} KB on the wire); all responses ${(app.totalBytes / 1024).toFixed(0)} KB on the wire`,
          },
        ]
      : [
          {
            section,
            measure: 'plain page interactive (app not built in this run)',
            value: baseline.interactiveMs,
            unit: 'ms',
          },
        ]
    return { rows, detail: { throttle: SLOW_4G, baseline: baselineSamples, app: appSamples } }
  } finally {
    await browser.close()
    fs.rmSync(baselineDir, { recursive: true, force: true })
  }
}
