/**
 * The database seam: `DATABASE_URL=postgres://…` picks PostgreSQL (+ PostGIS) through a pg pool,
 * anything else the embedded SQLite file under DATA_DIR. Both give the same typed `Kysely<Database>`;
 * what differs (the connection, startup locking, how instances reach each other) lives in
 * dialect-sqlite.ts and dialect-postgres.ts and nowhere else.
 */
import type { Kysely, Transaction } from 'kysely'
import { advisoryLock } from './dialect-postgres'
import { isPostgres } from './migrations/portable'
import type { Database } from './schema'
import { query, runSteps, type Steps, type SyncSql } from './steps'

export type DialectName = 'sqlite' | 'postgres'

/** A claim on leadership among the instances sharing a database (see plugins/cluster.ts). */
export interface Leadership {
  /** True while this instance holds the leader lock. */
  readonly leading: boolean
  /** Stops competing (and lets go of the lock). */
  stop(): Promise<void>
}

/** How instances sharing a database reach each other. SQLite has one instance, so it is all local. */
export interface Coordinator {
  /** False for SQLite (one process owns the file): leadership is immediate and messages stay in memory. */
  readonly shared: boolean
  /** Sends a small message (≤ 7 KB) to every instance that subscribed, this one included. */
  publish(payload: string): Promise<void>
  /** Every published payload; `onGap` runs after a reconnect, when messages may have been missed. */
  subscribe(listener: (payload: string) => void, onGap?: () => void): void
  /**
   * Competes for the one leader lock: `onChange(true)` when this instance becomes leader,
   * `onChange(false)` when it loses the lock (its connection died). Retries every `retryMs`.
   */
  lead(onChange: (leading: boolean) => void, retryMs: number): Leadership
  close(): Promise<void>
}

export interface DatabaseHandle {
  dialect: DialectName
  db: Kysely<Database>
  /** PostgreSQL schema of the tables (undefined on SQLite). */
  schema?: string
  /** Where the data is, for logs (file path or host/database/schema, never a password). */
  where: string
  /** Runs `fn` while no other instance runs its own startup (migrations and seed). */
  exclusive<T>(fn: () => Promise<T>): Promise<T>
  coordinator: Coordinator
  /** SQLite only: the same connection, synchronously, for db/steps.ts's transact (#19). */
  sync?: SyncSql
  /** Closes the coordinator and the connections (SQLite also folds its WAL back into the file). */
  close(): Promise<void>
}

export interface DatabaseOptions {
  dataDir: string
  databaseUrl?: string
  databaseSchema?: string
}

export function isPostgresUrl(url: string | undefined): boolean {
  return !!url && /^postgres(ql)?:\/\//i.test(url)
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl && isPostgresUrl(options.databaseUrl)) {
    const { openPostgres } = await import('./dialect-postgres')
    return openPostgres(options.databaseUrl, options.databaseSchema ?? 'public')
  }
  if (options.databaseUrl) throw new Error(`DATABASE_URL must start with postgres:// (got "${options.databaseUrl.replace(/\/\/[^@]*@/, '//…@')}")`)
  const { openSqliteDatabase } = await import('./dialect-sqlite')
  return openSqliteDatabase(options.dataDir)
}

/**
 * For append-only logs tailed by id (live_events): rows must become visible in id order. SQLite has
 * one writer, so they do; PostgreSQL hands out identity values before commit, so appends take a
 * transaction-level lock until they commit. Call inside the transaction, right before the insert.
 */
export function* orderedAppendSteps(trx: Kysely<Database> | Transaction<Database>, log: string): Steps<void> {
  if (trx.isTransaction && isPostgres(trx)) yield* query(advisoryLock(log).compile(trx))
}

export function orderedAppend(trx: Kysely<Database> | Transaction<Database>, log: string): Promise<void> {
  return runSteps(trx, orderedAppendSteps(trx, log))
}
