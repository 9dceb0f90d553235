import type { Kysely } from 'kysely'
import { columnTypes } from './portable'

// Streets, communities and grids of the district (boundaries as WGS-84 GeoJSON text), public
// facilities (WGS-84 points; the spatial index lives in memory, see services/facilities-index)
// and users' ratings of facilities.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  const types = columnTypes(db)
  await db.schema
    .createTable('geo_districts')
    .addColumn('adcode', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('boundary', 'text', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('geo_streets')
    .addColumn('code', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull().unique())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('seat_lat', 'real', (col) => col.notNull())
    .addColumn('seat_lng', 'real', (col) => col.notNull())
    .addColumn('boundary', 'text', (col) => col.notNull())
    .addColumn('sort_order', 'integer', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('geo_communities')
    .addColumn('code', 'text', (col) => col.primaryKey())
    .addColumn('street_code', 'text', (col) => col.notNull().references('geo_streets.code').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('boundary', 'text', (col) => col.notNull())
    .addColumn('sort_order', 'integer', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('geo_grids')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('street_code', 'text', (col) => col.notNull().references('geo_streets.code').onDelete('cascade'))
    .addColumn('community_code', 'text', (col) => col.notNull().references('geo_communities.code').onDelete('cascade'))
    .addColumn('center_lat', 'real', (col) => col.notNull())
    .addColumn('center_lng', 'real', (col) => col.notNull())
    .addColumn('boundary', 'text', (col) => col.notNull())
    .addColumn('sort_order', 'integer', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('facilities')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('address', 'text', (col) => col.notNull())
    .addColumn('street', 'text', (col) => col.notNull())
    .addColumn('community', 'text', (col) => col.notNull())
    .addColumn('grid_id', 'text', (col) => col.notNull())
    .addColumn('lat', 'real', (col) => col.notNull())
    .addColumn('lng', 'real', (col) => col.notNull())
    .addColumn('opening_hours', 'text', (col) => col.notNull())
    .addColumn('manager', 'text', (col) => col.notNull())
    .addColumn('accessible', types.bool)
    .addColumn('baby_care', types.bool)
    .addColumn('is_free', types.bool)
    .addColumn('star_level', 'integer')
    .addColumn('cleaning_status', 'text')
    .addColumn('last_cleaned_at', 'text')
    .addColumn('bins', types.json)
    .addColumn('recyclables', types.json)
    .addColumn('collection_times', types.json)
    .addColumn('rating_sum', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('rating_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('facilities_type').on('facilities').columns(['type', 'id']).execute()
  await db.schema.createIndex('facilities_grid').on('facilities').columns(['grid_id']).execute()

  await db.schema
    .createTable('facility_ratings')
    .addColumn('facility_id', 'text', (col) => col.notNull().references('facilities.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('score', 'integer', (col) => col.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('facility_ratings_pk', ['facility_id', 'user_id'])
    .execute()
  await db.schema.createIndex('facility_ratings_user').on('facility_ratings').columns(['user_id']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['facility_ratings', 'facilities', 'geo_grids', 'geo_communities', 'geo_streets', 'geo_districts']) {
    await db.schema.dropTable(table).execute()
  }
}
