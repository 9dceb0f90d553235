/**
 * Failed console sign-ins, counted per account name and per client IP over a sliding window:
 * past the limit, that name (or that address) gets 429 RATE_LIMITED with Retry-After until its
 * oldest failure ages out. Only failures count, so a dispatcher who signs in and out all day is
 * never blocked; a successful sign-in also forgets the failures of its account name (not of the
 * address, or one known account would reset the guessing of others from there).
 *
 * An attempt counts as failed from the moment it starts and is taken back when it succeeds, so
 * guesses sent in parallel cannot all slip in before the first failure is recorded.
 * The counters are this instance's memory (like the other rate limits); RATE_LIMIT_SCALE scales
 * the limits and 0 turns the guard off.
 */
import type { Clock } from '../lib/clock'

export const LOGIN_FAILURE_LIMITS = {
  /** Wrong passwords for one account name: slow enough that guessing one account gets nowhere. */
  perName: 10,
  /** From one address (a district office behind one NAT has many dispatchers): any names. */
  perIp: 30,
  windowMs: 15 * 60_000,
} as const

/** How many names and addresses are remembered at most; the oldest go first. */
const MAX_KEYS = 10_000

export interface LoginGuard {
  /**
   * Blocked (the name or the address is past its limit, for how long and which), or an attempt
   * counted as failed until `succeeded()`.
   */
  begin(name: string, ip: string): { blocked: { retryAfterSeconds: number; by: 'name' | 'ip' } } | { blocked: null; succeeded(): void }
}

export function createLoginGuard(clock: Clock, scale: number): LoginGuard | null {
  if (scale === 0) return null
  const limitOf = (max: number) => Math.max(1, Math.round(max * scale))
  const failures = new Map<string, number[]>()
  const recent = (key: string, now: number) => {
    const times = (failures.get(key) ?? []).filter((at) => at > now - LOGIN_FAILURE_LIMITS.windowMs)
    if (times.length) failures.set(key, times)
    else failures.delete(key)
    return times
  }
  const retryAfter = (times: number[], max: number, now: number) =>
    Math.max(1, Math.ceil((times[times.length - max] + LOGIN_FAILURE_LIMITS.windowMs - now) / 1000))
  const add = (key: string, at: number) => {
    const times = failures.get(key) ?? []
    failures.delete(key) // re-inserted last: the map's order is least recently failed first
    failures.set(key, [...times, at])
    while (failures.size > MAX_KEYS) failures.delete(failures.keys().next().value!)
  }
  const remove = (key: string, at: number) => {
    const times = failures.get(key)
    const index = times?.indexOf(at) ?? -1
    if (times && index >= 0) times.splice(index, 1)
  }

  return {
    begin(rawName, ip) {
      const now = clock.now().getTime()
      const nameKey = `name:${rawName.trim().toLowerCase()}`
      const ipKey = `ip:${ip}`
      for (const [key, max] of [
        [nameKey, limitOf(LOGIN_FAILURE_LIMITS.perName)],
        [ipKey, limitOf(LOGIN_FAILURE_LIMITS.perIp)],
      ] as const) {
        const times = recent(key, now)
        if (times.length >= max) return { blocked: { retryAfterSeconds: retryAfter(times, max, now), by: key === nameKey ? 'name' : 'ip' } }
      }
      add(nameKey, now)
      add(ipKey, now)
      return {
        blocked: null,
        succeeded() {
          failures.delete(nameKey)
          remove(ipKey, now)
        },
      }
    },
  }
}
