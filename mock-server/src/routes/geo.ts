/** /api/geo: the district's boundaries for the map, and which street/community/grid a point is in. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { GeoDistrictQuery, GeoFeatureCollection, GeoResolveQuery, GeoResolveResponse } from '@contract/geo'
import { convert } from '../lib/coords'
import { errorResponses } from '../lib/route-schemas'

const geoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/geo/district',
    {
      schema: {
        tags: ['geo'],
        summary: 'Boundaries of the district, its streets, communities or grids as GeoJSON (GCJ-02 unless asked)',
        querystring: GeoDistrictQuery,
        response: { 200: GeoFeatureCollection, ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=3600')
      return app.geo.featureCollection(request.query.level, request.query.coordSystem ?? 'gcj02')
    },
  )

  app.get(
    '/geo/resolve',
    {
      schema: {
        tags: ['geo'],
        summary: 'Street, community and grid of a point (address: null outside the district)',
        querystring: GeoResolveQuery,
        response: { 200: GeoResolveResponse, ...errorResponses(400) },
      },
    },
    async (request) => {
      const { lat, lng, coordSystem = 'gcj02' } = request.query
      const address = app.geo.resolve(convert({ lat, lng }, coordSystem, 'wgs84'))
      return { inside: address !== null, address }
    },
  )
}

export default geoRoutes
