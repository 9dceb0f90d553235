import { sql, type Kysely } from 'kysely'
import { isPostgres } from './portable'

// PostGIS (#18): on PostgreSQL, tickets and facilities get a point column computed from their exact
// WGS-84 lat/lng (generated, so no code writes it and it can never disagree), with two GiST indexes:
// on the geometry for `<->` nearest-first ordering and bbox `&&`, and on its geography for
// ST_DWithin in metres. SQLite keeps lat/lng only (facilities use the in-memory kdbush index there).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return
  for (const table of ['tickets', 'facilities']) {
    await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN geom geometry(Point, 4326)
      GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lng, lat), 4326)) STORED`.execute(db)
    await sql`CREATE INDEX ${sql.id(`${table}_geom`)} ON ${sql.table(table)} USING gist (geom)`.execute(db)
    await sql`CREATE INDEX ${sql.id(`${table}_geog`)} ON ${sql.table(table)} USING gist ((geom::geography))`.execute(db)
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return
  for (const table of ['tickets', 'facilities']) await db.schema.alterTable(table).dropColumn('geom').execute()
}
