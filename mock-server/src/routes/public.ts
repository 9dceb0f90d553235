/**
 * Public, unauthenticated reads for residents (#15): the map of reports, one report's public
 * page and the transparency figures. Answers carry `Cache-Control: public, max-age=30` and a
 * weak ETag; a matching If-None-Match gets 304 with no body. Rate limited per client (429).
 */
import crypto from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { PublicMapAnswer, PublicMapQuery, PublicStatsAnswer, PublicStatsQuery, PublicTicket, PublicTicketParams } from '@contract/public'
import { PUBLIC_MAX_AGE_SECONDS } from '@contract/public-stats'
import { CoordSystemQuery } from '@contract/schemas'
import { Type } from '@sinclair/typebox'
import { rateLimit } from '../lib/rate-limits'
import { errorResponses } from '../lib/route-schemas'
import { publicMap, publicStats, publicTicket } from '../services/public'

export const etagOf = (body: unknown) => `W/"${crypto.createHash('sha1').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`

/** Sends `body` with the cache headers, or 304 when the client already has it. */
function sendCached<T>(request: FastifyRequest, reply: FastifyReply, body: T, etag = etagOf(body), scope: 'public' | 'private' = 'public') {
  reply.header('cache-control', `${scope}, max-age=${PUBLIC_MAX_AGE_SECONDS}`).header('etag', etag)
  if (scope === 'private') reply.header('vary', 'Authorization')
  const match = request.headers['if-none-match']
  if (match && match.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) return reply.code(304).send()
  return body
}

/** Stats are computed at most once a minute per (street, period), whatever changes meanwhile. */
const STATS_TTL_MS = 60_000

const publicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const statsCache = new Map<string, { at: number; body: PublicStatsAnswer; etag: string }>()
  const limit = { rateLimit: rateLimit(app, 'publicRead') }

  app.get(
    '/public/tickets',
    {
      config: limit,
      schema: {
        tags: ['public'],
        summary: 'Open and recently fixed reports in the visible area (public view only; at most 300, newest first)',
        querystring: PublicMapQuery,
        response: { 200: PublicMapAnswer, 304: Type.Null(), ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => sendCached(request, reply, await publicMap(app, request.query)),
  )

  app.get(
    '/public/tickets/:id',
    {
      config: limit,
      schema: {
        tags: ['public'],
        summary: "One report's public page: no names, no contact, staff by role; 404 for rejected, held or hidden reports",
        params: PublicTicketParams,
        querystring: Type.Object({ coordSystem: Type.Optional(CoordSystemQuery) }, { additionalProperties: false }),
        response: { 200: PublicTicket, 304: Type.Null(), ...errorResponses(400, 404, 429) },
      },
    },
    async (request, reply) => {
      const body = await publicTicket(app, request.params.id, request.user, request.query.coordSystem)
      // `following` depends on who asks: a signed-in viewer's copy is theirs alone.
      return sendCached(request, reply, body, etagOf(body), request.user ? 'private' : 'public')
    },
  )

  app.get(
    '/stats',
    {
      config: limit,
      schema: {
        tags: ['public'],
        summary: '数据公开: the district or one street over the last 7/30/90 days (the console KPI service; computed at most once a minute)',
        querystring: PublicStatsQuery,
        response: { 200: PublicStatsAnswer, 304: Type.Null(), ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      const key = `${request.query.street ?? ''}|${request.query.period ?? 30}`
      const now = app.clock.now().getTime()
      let entry = statsCache.get(key)
      if (!entry || now - entry.at >= STATS_TTL_MS) {
        const body = await publicStats(app, request.query)
        entry = { at: now, body, etag: etagOf(body) }
        statsCache.set(key, entry)
      }
      return sendCached(request, reply, entry.body, entry.etag)
    },
  )
}

export default publicRoutes
