/**
 * The weapp tests run in jsdom (miniprogram-simulate needs a DOM) but also host the real backend,
 * which expects Node globals: TextEncoder/TextDecoder, setImmediate, and timers that return
 * Timeout objects (`.unref()`), where jsdom's return numbers. Import this before the backend.
 * Node's timers serve the simulator just as well.
 */
import { TextDecoder, TextEncoder } from 'node:util'
import * as timers from 'node:timers'

Object.assign(globalThis, {
  TextDecoder,
  TextEncoder,
  setTimeout: timers.setTimeout,
  clearTimeout: timers.clearTimeout,
  setInterval: timers.setInterval,
  clearInterval: timers.clearInterval,
  setImmediate: timers.setImmediate,
  clearImmediate: timers.clearImmediate,
})
