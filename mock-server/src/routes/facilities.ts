/**
 * /api/facilities: public toilets and garbage collection points near a resident, on the map,
 * in detail, and rated. Coordinates in and out follow `coordSystem` (default gcj02).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  FacilitiesInBBoxQuery,
  FacilitiesInBBoxResponse,
  FacilityCoordQuery,
  FacilityDetail,
  FacilityFeedbackBody,
  FacilityFeedbackResponse,
  FacilityParams,
  NearestFacilitiesQuery,
  NearestFacilitiesResponse,
} from '@contract/facilities'
import { IdempotencyHeaders } from '@contract/tickets'
import { ApiError } from '../lib/api-error'
import { convert } from '../lib/coords'
import { countFiling, rateLimit } from '../lib/rate-limits'
import { bearerAuth, errorResponses } from '../lib/route-schemas'
import { parseBBox } from '../services/facilities'
import { reportFacilityProblem } from '../services/facility-problems'

const facilityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/facilities/nearest',
    {
      schema: {
        tags: ['facilities'],
        summary: 'Nearest toilets / garbage points by true distance, filters applied during the search',
        querystring: NearestFacilitiesQuery,
        response: { 200: NearestFacilitiesResponse, ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const { lat, lng, coordSystem = 'gcj02', type = 'all', limit = 10, radius, ...flags } = request.query
      const point = convert({ lat, lng }, coordSystem, 'wgs84')
      // The JSON text of NearestFacilitiesResponse in UTF-8, built from per-facility cached parts (#19).
      const body = await app.facilities.nearestJson(
        point,
        { limit, type: type === 'all' ? undefined : type, radiusMeters: radius, ...flags },
        coordSystem,
        app.clock.now(),
      )
      // A buffer is sent as it is (no serialisation); the content type says what it holds.
      return reply.type('application/json; charset=utf-8').send(body as unknown as NearestFacilitiesResponse)
    },
  )

  app.get(
    '/facilities',
    {
      schema: {
        tags: ['facilities'],
        summary: 'Facilities inside a map bbox (minLng,minLat,maxLng,maxLat in coordSystem)',
        querystring: FacilitiesInBBoxQuery,
        response: { 200: FacilitiesInBBoxResponse, ...errorResponses(400) },
      },
    },
    async (request) => {
      const { bbox, coordSystem = 'gcj02', type = 'all', limit = 500 } = request.query
      return app.facilities.inBBox(parseBBox(bbox), { type: type === 'all' ? undefined : type, limit }, coordSystem, app.clock.now())
    },
  )

  app.get(
    '/facilities/:id',
    {
      schema: {
        tags: ['facilities'],
        summary: 'One facility in full (with your own rating when signed in)',
        params: FacilityParams,
        querystring: FacilityCoordQuery,
        response: { 200: FacilityDetail, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const detail = await app.facilities.detail(request.params.id, request.query.coordSystem ?? 'gcj02', app.clock.now(), request.user?.id)
      if (!detail) throw ApiError.notFound('Facility')
      return detail
    },
  )

  app.post(
    '/facilities/:id/feedback',
    {
      // With a problem this files a ticket: it counts against the one filing limit too.
      preHandler: [app.authenticate, async (request, reply) => (request.body.problem ? countFiling(app, request, reply) : undefined)],
      config: { rateLimit: rateLimit(app, 'feedback') },
      schema: {
        tags: ['facilities'],
        summary:
          'Rate a facility 1-5 (one rating per user: a second one replaces the first); with `problem`, also open a ' +
          "ticket at the facility's location (Idempotency-Key header optional, as for POST /api/tickets)",
        security: bearerAuth,
        params: FacilityParams,
        querystring: FacilityCoordQuery,
        headers: Type.Object({ 'idempotency-key': Type.Optional(IdempotencyHeaders.properties['idempotency-key']) }),
        body: FacilityFeedbackBody,
        response: { 200: FacilityFeedbackResponse, ...errorResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const { problem, ...rating } = request.body
      const facility = await app.facilities.row(request.params.id)
      if (!facility) throw ApiError.notFound('Facility')
      // The ticket first: if the problem is invalid (400) nothing is written, not even the rating.
      const ticket = problem ? await reportFacilityProblem(app, request.user!, facility, problem, request.headers['idempotency-key'] ?? null) : null
      const rated = await app.facilities.rate(facility.id, request.user!.id, rating, request.query.coordSystem ?? 'gcj02', app.clock.now())
      return { ...rated, ticket }
    },
  )
}

export default facilityRoutes
