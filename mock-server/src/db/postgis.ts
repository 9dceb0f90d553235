/**
 * PostGIS fragments for queries that run on PostgreSQL only (app.dialect === 'postgres'), over the
 * generated `geom` point columns of migration 009 (tickets, facilities). WGS-84 in, metres out.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely'
import type { Point } from '@contract/schemas'

export const pointOf = (point: Point) => sql`ST_SetSRID(ST_MakePoint(${point.lng}, ${point.lat}), 4326)`

/**
 * Rows of `table` within `metres` of `point` (the geography GiST index). PostGIS measures on the
 * spheroid, the code on a sphere (< 0.5 % apart): this keeps 1 % more, callers re-check exactly.
 */
export function withinMetres(table: 'tickets' | 'facilities', point: Point, metres: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`ST_DWithin(${sql.ref(`${table}.geom`)}::geography, ${pointOf(point)}::geography, ${metres * 1.01 + 1})`
}

/** Nearest first by the geometry GiST index (KNN `<->`, planar degrees: re-rank by metres after). */
export function nearestFirst(table: 'tickets' | 'facilities', point: Point): RawBuilder<unknown> {
  return sql`${sql.ref(`${table}.geom`)} <-> ${pointOf(point)}`
}
