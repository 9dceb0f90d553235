/**
 * Idempotency keys for anything the app may send more than once (a report, a worker's resolve):
 * 8..128 of [A-Za-z0-9_.:-], unique enough per person: a prefix naming the kind, time, randomness.
 */
export function newIdempotencyKey(prefix: string, now = Date.now()): string {
  const random = Array.from({ length: 3 }, () => Math.random().toString(36).slice(2, 8)).join('')
  return `${prefix}-${now.toString(36)}-${random}`
}
