/**
 * The weapp tests run in jsdom (miniprogram-simulate needs a DOM) but also host the real backend,
 * which expects Node globals: TextEncoder/TextDecoder, setImmediate, and timers that return
 * Timeout objects (`.unref()`), where jsdom's return numbers. Import this before the backend.
 * Node's timers serve the simulator just as well.
 *
 * jsdom clears its own timers when the test file ends; Node's it cannot. A Taro update scheduled
 * by the app (a setData on a timer) that fires after the file's DOM is gone crashed a CI run
 * ("Cannot read properties of undefined (reading 'createElement')"), so every timer set here is
 * tracked, and once the file's run is over (after its last afterAll) they are cleared and any late
 * one is dropped.
 */
import { TextDecoder, TextEncoder } from 'node:util'
import * as timers from 'node:timers'

type Callback = (...args: unknown[]) => void
const live = new Set<NodeJS.Timeout | NodeJS.Immediate>()
let over = false

function guarded(callback: Callback, handle: () => NodeJS.Timeout | NodeJS.Immediate | undefined, once: boolean): Callback {
  return (...args) => {
    const own = handle()
    if (once && own) live.delete(own)
    if (over) return
    callback(...args)
  }
}

function trackedTimeout(callback: Callback, ms?: number, ...args: unknown[]): NodeJS.Timeout {
  let timer: NodeJS.Timeout | undefined = undefined
  timer = timers.setTimeout(guarded(callback, () => timer, true), ms, ...args)
  live.add(timer)
  return timer
}
function trackedInterval(callback: Callback, ms?: number, ...args: unknown[]): NodeJS.Timeout {
  let timer: NodeJS.Timeout | undefined = undefined
  timer = timers.setInterval(guarded(callback, () => timer, false), ms, ...args)
  live.add(timer)
  return timer
}
function trackedImmediate(callback: Callback, ...args: unknown[]): NodeJS.Immediate {
  let immediate: NodeJS.Immediate | undefined = undefined
  immediate = timers.setImmediate(guarded(callback, () => immediate, true), ...args)
  live.add(immediate)
  return immediate
}
function clear(handle: NodeJS.Timeout | NodeJS.Immediate | undefined): void {
  if (!handle) return
  live.delete(handle)
  // Each is a no-op on the other kind (Node checks _onTimeout / _onImmediate).
  timers.clearTimeout(handle as NodeJS.Timeout)
  timers.clearImmediate(handle as NodeJS.Immediate)
}

Object.assign(globalThis, {
  TextDecoder,
  TextEncoder,
  setTimeout: trackedTimeout,
  clearTimeout: clear,
  setInterval: trackedInterval,
  clearInterval: clear,
  setImmediate: trackedImmediate,
  clearImmediate: clear,
})

// tests/weapp/environment.js calls this when the file's run is over (after every afterAll).
Object.assign(globalThis, {
  __stopTimers() {
    over = true
    for (const handle of live) clear(handle)
  },
})
