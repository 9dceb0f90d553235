/**
 * Table types for Kysely. Column names are snake_case in SQL; the API maps them to the
 * contract's camelCase in one place per resource. Times are ISO-8601 UTC strings, which sort
 * correctly as text in SQLite and cast cleanly to timestamptz in PostgreSQL.
 */
import type { Generated, Insertable, Selectable } from 'kysely'

export interface CategoriesTable {
  id: string
  name: string
  group_id: string
  group_name: string
  icon: string
  description: string
  sla_hours: number
  /** JSON array of strings */
  quick_phrases: string
  sort_order: number
}

export interface Database {
  categories: CategoriesTable
  app_meta: AppMetaTable
}

/** Small key/value facts about this database (seed version, district). */
export interface AppMetaTable {
  key: string
  value: string
}

export type CategoryRow = Selectable<CategoriesTable>
export type NewCategory = Insertable<CategoriesTable>
export type { Generated }
