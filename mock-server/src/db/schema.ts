/**
 * Table types for Kysely, one file per area under tables/. Column names are snake_case in SQL;
 * each resource maps them to the contract's camelCase in one place. Times are ISO-8601 UTC
 * strings: they sort as text in SQLite and cast cleanly to timestamptz in PostgreSQL.
 */
import type { Insertable, Selectable } from 'kysely'
import type { ConsoleTables } from './tables/console'
import type { GeoTables } from './tables/geo'
import type { SessionsTable, UsersTable } from './tables/identity'
import type { NotificationTables } from './tables/notifications'
import type {
  MessagesTable,
  TicketCountersTable,
  TicketEventsTable,
  TicketFollowersTable,
  TicketsTable,
  UploadsTable,
  WorkerPositionsTable,
} from './tables/tickets'
import type { WorkTables } from './tables/work'

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

/** Small key/value facts about this database (seed version, district). */
export interface AppMetaTable {
  key: string
  value: string
}

/** Every table; areas with many tables (geo, facilities) bring their own interface. */
export interface Database extends ConsoleTables, GeoTables, WorkTables, NotificationTables {
  app_meta: AppMetaTable
  categories: CategoriesTable
  users: UsersTable
  sessions: SessionsTable
  tickets: TicketsTable
  ticket_events: TicketEventsTable
  ticket_followers: TicketFollowersTable
  ticket_counters: TicketCountersTable
  messages: MessagesTable
  worker_positions: WorkerPositionsTable
  uploads: UploadsTable
}

export type CategoryRow = Selectable<CategoriesTable>
export type NewCategory = Insertable<CategoriesTable>
export type UserRow = Selectable<UsersTable>
export type TicketRow = Selectable<TicketsTable>
export type TicketEventRow = Selectable<TicketEventsTable>
export type UploadRow = Selectable<UploadsTable>
export type MessageRow = Selectable<MessagesTable>
