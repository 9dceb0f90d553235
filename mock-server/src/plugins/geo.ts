/**
 * Geography: `app.geo` (DistrictGeo: streets, communities, grids, address resolution) loaded from
 * the geo_* tables, and `app.facilities` (FacilityService: the facility spatial index and queries),
 * its index built from the facilities table before the server takes requests.
 */
import fp from 'fastify-plugin'
import type { DistrictGeo } from '../geo/district-geo'
import { loadDistrictGeo } from '../geo/load'
import { FacilityService } from '../services/facilities'
import { PostgisFacilityService } from '../services/facilities-postgis'

declare module 'fastify' {
  interface FastifyInstance {
    /** The district's divisions; every point in and out is WGS-84. */
    geo: DistrictGeo
    /** Facilities (toilets, garbage points): nearest, bbox, detail, ratings. */
    facilities: FacilityService
  }
}

export default fp(
  async (app) => {
    const geo = await loadDistrictGeo(app.db)
    // SQLite: kdbush in memory; PostgreSQL: PostGIS in the database, shared by every instance.
    const facilities = app.dialect === 'postgres' ? new PostgisFacilityService(app.db) : new FacilityService(app.db)
    const index = await facilities.reloadIndex()
    app.log.debug({ streets: geo.streets.length, grids: geo.grids.length, facilities: index.count, indexMs: Math.round(index.ms) }, 'geo ready')
    app.decorate('geo', geo)
    app.decorate('facilities', facilities)
  },
  { name: 'geo', dependencies: ['db'] },
)
