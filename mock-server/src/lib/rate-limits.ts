/**
 * Per-route rate limits (per client IP, or per user when signed in). RATE_LIMIT_SCALE multiplies
 * them for benchmarks, and 0 turns them off.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'

const LIMITS = {
  login: { max: 30, timeWindow: '1 minute' },
  /** Console password sign-in, per IP: a person never needs 10 tries a minute; guessing gets 429. */
  consoleLogin: { max: 10, timeWindow: '1 minute' },
  bindWorker: { max: 5, timeWindow: '1 minute' },
  createTicket: { max: 20, timeWindow: '1 minute' },
  upload: { max: 60, timeWindow: '1 minute' },
  rating: { max: 30, timeWindow: '1 minute' },
  feedback: { max: 30, timeWindow: '1 minute' },
  open311: { max: 30, timeWindow: '1 minute' },
} as const
export type LimitedAction = keyof typeof LIMITS

export function rateLimit(app: FastifyInstance, action: LimitedAction) {
  const scale = app.config.rateLimitScale
  if (scale === 0) return false as const
  return {
    max: Math.max(1, Math.round(LIMITS[action].max * scale)),
    timeWindow: LIMITS[action].timeWindow,
    keyGenerator: (request: FastifyRequest) => (request.user ? `user:${request.user.id}` : `ip:${request.ip}`),
  }
}
