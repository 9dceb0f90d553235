/**
 * Runs the COMPILED mini-program (dist/, from `npm run build:weapp`) in miniprogram-simulate.
 * The simulator only knows Component(), so:
 * - Page(options) is re-registered as a Component whose `attached` calls onLoad with ONE
 *   argument (a second one switches Taro into prerender mode) and then onShow/onReady;
 * - App(options) is captured and its onLaunch called once, after requiring dist/app.js.
 * Taps go through Taro's event handler ("eh") into React and back through setData.
 */
import fs from 'node:fs'
import path from 'node:path'
import simulate from 'miniprogram-simulate'

export const DIST = path.resolve(__dirname, '../..', process.env.WEAPP_DIST || 'dist')

type Options = Record<string, unknown>
type Lifecycle = (this: unknown, ...args: unknown[]) => unknown
// render() returns j-component's RootComponent; its overloads hide attach/detach from ReturnType.
type SimulatedComponent = ReturnType<typeof simulate.render> & { attach(parent: Node): void; detach(): void }

interface WxGlobals {
  App: (options: Options) => void
  Page: (options: Options) => void
  Component: (options: Options) => void
  getApp: () => Options | undefined
  getCurrentPages: () => unknown[]
  wx: Record<string, unknown>
}
const globals = globalThis as unknown as WxGlobals

let appOptions: Options | undefined
const openPages: unknown[] = []
/** The query of the page being opened: WeChat hands it to onLoad, Taro's useRouter reads it. */
let openingQuery: Record<string, string> = {}

/** Page options → Component options, keeping Taro's page methods callable on the instance. */
function pageAsComponent(options: Options): Options {
  const methods: Record<string, Lifecycle> = {}
  const data: Options = {}
  for (const [key, value] of Object.entries(options)) {
    if (typeof value === 'function') methods[key] = value as Lifecycle
    else if (key === 'data') Object.assign(data, value)
  }
  return {
    data,
    methods,
    lifetimes: {
      attached(this: Record<string, Lifecycle | undefined>) {
        openPages.push(this)
        this.onLoad?.({ ...openingQuery }) // ONE argument: a second one means prerender to Taro
        this.onShow?.()
        this.onReady?.()
      },
      detached(this: Record<string, Lifecycle | undefined>) {
        this.onUnload?.()
        openPages.splice(openPages.indexOf(this), 1)
      },
    },
  }
}

/** Requires dist/app.js once and launches it. Call before loading pages. */
export function launchApp(): void {
  if (appOptions) return
  if (!fs.existsSync(path.join(DIST, 'app.js'))) {
    throw new Error('dist/app.js not found: run `npm run build:weapp` before the weapp tests')
  }
  globals.App = (options) => {
    appOptions = options
  }
  globals.getApp = () => appOptions
  globals.getCurrentPages = () => openPages
  globals.Page = (options) => globals.Component(pageAsComponent(options))
  require(path.join(DIST, 'app.js'))
  const app = globals.getApp()
  if (!app) throw new Error('dist/app.js did not call App()')
  const launch = { path: 'pages/report/index', query: {}, scene: 1001 }
  ;(app.onLaunch as Lifecycle | undefined)?.call(app, launch)
  ;(app.onShow as Lifecycle | undefined)?.call(app, launch)
}

// jest caches required modules, so a page's js runs (and registers) only once: keep its id.
// The same holds for Taro's recursive `comp` (nodes deeper than baseLevel, config/index.ts): the
// simulator registers it anew for each page that lists it, but only the first registration runs
// comp.js (its Component() call), so on every later page it rendered nothing. Register it once and
// hand its id to every page (and to itself: it uses `comp` too).
let recursiveComponentId: string | undefined
function recursiveComponent(): string {
  recursiveComponentId ??= simulate.load(path.join(DIST, 'comp'), 'comp', { rootPath: DIST })
  return recursiveComponentId
}
const loadedRoutes = new Map<string, string>()
const attachedPages = new Set<SimulatedComponent>()

/**
 * Renders and attaches a page, e.g. openPage('packages/ticket/detail/index', { id: '3' }). Taro
 * keeps one state per page definition, so close it (closeAllPages in afterEach) before opening
 * the same route again.
 */
export function openPage(route: string, query: Record<string, string> = {}): SimulatedComponent {
  launchApp()
  openingQuery = query
  let id = loadedRoutes.get(route)
  if (!id) {
    id = simulate.load(path.join(DIST, route), { rootPath: DIST, usingComponents: { comp: recursiveComponent() } })
    loadedRoutes.set(route, id)
  }
  const page = simulate.render(id) as SimulatedComponent
  page.attach(document.createElement('parent-wrapper'))
  attachedPages.add(page)
  return page
}

/** Detaches every open page (runs onUnload, so Taro unmounts the React tree). */
export function closeAllPages(): void {
  for (const page of attachedPages) page.detach()
  attachedPages.clear()
}

/** Polls until `check` stops throwing (jest's expect works inside), like testing-library's waitFor. */
export async function waitUntil<T>(check: () => T, timeoutMs = 15_000): Promise<T> {
  const started = Date.now()
  for (;;) {
    try {
      return check()
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error
      await simulate.sleep(20)
    }
  }
}

/** The innermost element whose own text contains `text` (Taro renders text as text nodes in <wx-text>). */
export function findByText(root: Element, text: string): Element | undefined {
  const matches = [...root.querySelectorAll('*')].filter((element) => element.textContent?.includes(text))
  return matches.at(-1)
}

/**
 * Taps the element showing `text` the way WeChat would. Taro gives every node the id of its
 * `data-sid`; tapping that node makes Taro's "eh" handler bubble a click through React.
 */
export function tapText(page: SimulatedComponent, text: string): void {
  const element = findByText(page.dom as Element, text)
  const sid = element?.getAttribute('data-sid')
  if (!sid) throw new Error(`nothing to tap showing "${text}"`)
  tapSid(page, sid)
}

/**
 * Taps the node whose Taro id (data-sid) is `sid`. Past Taro's template levels (config/index.ts
 * baseLevel) deeper nodes render inside Taro's recursive `comp` component, as on a phone, and the
 * simulator's querySelector stops at a component's edge; the rendered DOM holds them all, so a
 * node not found by id is tapped through its DOM element, the way the simulator's own
 * dispatchEvent does it.
 */
export function tapSid(page: SimulatedComponent, sid: string): void {
  const target = page.querySelector(`#${sid}`)
  if (target) return target.dispatchEvent('tap')
  const element = (page.dom as Element).querySelector(`[data-sid="${sid}"]`)
  if (!element) throw new Error(`no simulated node #${sid}`)
  page.dispatchEvent.call({ dom: element } as unknown as SimulatedComponent, 'tap')
}

/** What the forwarder needs from the backend: Fastify's inject(). */
interface Injectable {
  inject(request: {
    method: string
    url: string
    headers?: Record<string, string>
    payload?: string | object | Buffer
  }): Promise<{ statusCode: number; body: string; rawPayload: Buffer; headers: Record<string, unknown> }>
}

interface WxRequestOptions {
  url: string
  method?: string
  data?: unknown
  header?: Record<string, string>
  dataType?: string
  responseType?: string
  success?: (result: { statusCode: number; data: unknown; header: Record<string, unknown>; errMsg: string }) => void
  fail?: (error: { errMsg: string; errno?: number }) => void
  complete?: (result: unknown) => void
}

/**
 * Sends every wx.request of the app to the real backend through app.inject, answering the way
 * WeChat does (success for any HTTP status; data parsed only when dataType is 'json').
 * `failNext(n)` makes the next n requests fail with 'request:fail' as if the network was down.
 */
export function forwardRequestsTo(app: Injectable, origin = 'http://127.0.0.1:3000') {
  const sent: string[] = []
  let failuresLeft = 0
  globals.wx.request = (options: WxRequestOptions) => {
    let aborted = false
    const path = options.url.startsWith(origin) ? options.url.slice(origin.length) : options.url
    const method = (options.method ?? 'GET').toUpperCase()
    sent.push(`${method} ${path}`)
    const finish = (outcome: () => void) => {
      if (aborted) return
      outcome()
    }
    if (failuresLeft > 0) {
      failuresLeft -= 1
      setTimeout(() => finish(() => {
        const error = { errMsg: 'request:fail' }
        options.fail?.(error)
        options.complete?.(error)
      }), 0)
    } else {
      const payload = options.data === undefined || typeof options.data === 'string' ? options.data : JSON.stringify(options.data)
      app
        .inject({ method, url: path, headers: options.header, payload: payload as string | undefined })
        .then((response) => finish(() => {
          let data: unknown = options.responseType === 'arraybuffer' ? new Uint8Array(response.rawPayload).buffer : response.body
          if (options.dataType === 'json' || options.dataType === undefined) {
            try {
              data = JSON.parse(response.body)
            } catch {
              // WeChat hands over the text when it is not JSON
            }
          }
          const result = { statusCode: response.statusCode, data, header: response.headers, errMsg: 'request:ok' }
          options.success?.(result)
          options.complete?.(result)
        }))
        .catch((error: unknown) => finish(() => options.fail?.({ errMsg: `request:fail ${String(error)}` })))
    }
    return {
      abort() {
        aborted = true
        const error = { errMsg: 'request:fail abort' }
        options.fail?.(error)
        options.complete?.(error)
      },
    }
  }
  return {
    /** "GET /api/categories", in order. */
    sent,
    failNext(count = 1) {
      failuresLeft = count
    },
  }
}

export { simulate }
