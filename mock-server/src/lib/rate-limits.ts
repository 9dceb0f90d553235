/**
 * Per-route rate limits (per client IP, or per user when signed in). RATE_LIMIT_SCALE multiplies
 * them for benchmarks, and 0 turns them off.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ApiError } from './api-error'

const LIMITS = {
  login: { max: 30, timeWindow: '1 minute' },
  bindWorker: { max: 5, timeWindow: '1 minute' },
  createTicket: { max: 20, timeWindow: '1 minute' },
  upload: { max: 60, timeWindow: '1 minute' },
  rating: { max: 30, timeWindow: '1 minute' },
  feedback: { max: 30, timeWindow: '1 minute' },
  open311: { max: 30, timeWindow: '1 minute' },
  /** The public map and transparency page (#15): a person panning a map never needs 2 a second. */
  publicRead: { max: 120, timeWindow: '1 minute' },
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

/**
 * Filing a ticket has ONE limit whatever the route (POST /api/tickets, a facility problem, Open311
 * POST): one counter per user (per client IP without a user), so no route is a way around another.
 */
const FILING = { max: 20, timeWindow: '1 minute' } as const
// Keyed by the app's config object: route plugins are encapsulated child instances of one app.
const filingLimiters = new WeakMap<object, ReturnType<FastifyInstance['createRateLimit']> | null>()

function filingLimiter(app: FastifyInstance) {
  if (!filingLimiters.has(app.config)) {
    const scale = app.config.rateLimitScale
    filingLimiters.set(
      app.config,
      scale === 0
        ? null
        : app.createRateLimit({
            max: Math.max(1, Math.round(FILING.max * scale)),
            timeWindow: FILING.timeWindow,
            keyGenerator: (request: FastifyRequest) => `filing:${request.user ? `user:${request.user.id}` : `ip:${request.ip}`}`,
          }),
    )
  }
  return filingLimiters.get(app.config)!
}

/** Counts one filing; 429 RATE_LIMITED with Retry-After past the shared limit. */
export async function countFiling(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const limiter = filingLimiter(app)
  if (!limiter) return
  const result = await limiter(request)
  if (result.isAllowed || !result.isExceeded) return
  reply.header('retry-after', String(result.ttlInSeconds))
  throw new ApiError(429, 'RATE_LIMITED', `Rate limit exceeded: at most ${result.max} tickets a minute, whatever the way of filing; retry in ${result.ttlInSeconds} s`)
}

/** preHandler for routes that always file a ticket. */
export const fileTicketLimit = (app: FastifyInstance) => async (request: FastifyRequest, reply: FastifyReply) => countFiling(app, request, reply)
