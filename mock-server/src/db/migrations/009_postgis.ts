import { sql, type Kysely } from 'kysely'
import { isPostgres } from './portable'

// PostGIS (#18): on PostgreSQL, tickets and facilities get a point column kept equal to their exact
// WGS-84 lat/lng by a trigger (no code writes it; a plain column rather than a generated one, so a
// row read with selectAll can be inserted again), with two GiST indexes: on the geometry for `<->`
// nearest-first ordering and bbox `&&`, and on its geography for ST_DWithin in metres.
// SQLite keeps lat/lng only (facilities use the in-memory kdbush index there).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return
  await sql`CREATE OR REPLACE FUNCTION ybs_set_geom() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.geom := ST_SetSRID(ST_MakePoint(NEW.lng, NEW.lat), 4326);
      RETURN NEW;
    END $$`.execute(db)
  for (const table of ['tickets', 'facilities']) {
    await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN geom geometry(Point, 4326)`.execute(db)
    await sql`UPDATE ${sql.table(table)} SET geom = ST_SetSRID(ST_MakePoint(lng, lat), 4326)`.execute(db)
    await sql`ALTER TABLE ${sql.table(table)} ALTER COLUMN geom SET NOT NULL`.execute(db)
    await sql`CREATE TRIGGER ${sql.id(`${table}_geom`)} BEFORE INSERT OR UPDATE OF lat, lng, geom ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION ybs_set_geom()`.execute(db)
    await sql`CREATE INDEX ${sql.id(`${table}_geom`)} ON ${sql.table(table)} USING gist (geom)`.execute(db)
    await sql`CREATE INDEX ${sql.id(`${table}_geog`)} ON ${sql.table(table)} USING gist ((geom::geography))`.execute(db)
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return
  for (const table of ['tickets', 'facilities']) {
    await sql`DROP TRIGGER IF EXISTS ${sql.id(`${table}_geom`)} ON ${sql.table(table)}`.execute(db)
    await db.schema.alterTable(table).dropColumn('geom').execute()
  }
  await sql`DROP FUNCTION IF EXISTS ybs_set_geom()`.execute(db)
}
