/**
 * The embedded default: one better-sqlite3 connection in WAL mode behind Kysely's SqliteDialect,
 * with a prepared-statement cache. The only file that speaks SQLite (pragmas, the file name).
 * One process owns the file, so the coordinator is local: always the leader, messages in memory.
 */
import { EventEmitter } from 'node:events'
import fs from 'node:fs'
import path from 'node:path'
import Sqlite from 'better-sqlite3'
import { Kysely, SqliteDialect, type CompiledQuery, type QueryResult, type SqliteDatabase } from 'kysely'
import type { Coordinator, DatabaseHandle } from './dialect'
import type { Database } from './schema'
import type { SyncSql } from './steps'

export const DATABASE_FILE = 'yunbaoshi.sqlite'

export function openSqlite(dataDir: string): Sqlite.Database {
  const inMemory = dataDir === ':memory:'
  if (!inMemory) fs.mkdirSync(dataDir, { recursive: true })
  const sqlite = new Sqlite(inMemory ? ':memory:' : path.join(dataDir, DATABASE_FILE))
  sqlite.pragma('journal_mode = WAL')
  // NORMAL is durable across process crashes in WAL mode; only an OS crash can drop the last commits.
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  return sqlite
}

/**
 * Kysely's SQLite driver calls prepare() for every query it runs, and preparing costs more than
 * running a small query. Statements are reusable, and Kysely runs one query at a time on its single
 * connection, so keep the most recently used ones by SQL text (`npm run bench`: ~⅓ of a 10-row
 * select's time was prepare).
 */
export function withStatementCache(sqlite: Sqlite.Database, size = 500): SqliteDatabase {
  const cache = new Map<string, Sqlite.Statement>()
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql)
      if (statement) cache.delete(sql) // re-inserted below: most recently used last
      else statement = sqlite.prepare(sql)
      cache.set(sql, statement)
      if (cache.size > size) cache.delete(cache.keys().next().value!)
      return statement
    },
  }
}

/** A Kysely over an SQLite file (or ':memory:'), for tools and benchmarks that need no app. */
export function sqliteKysely(dataDir: string): Kysely<Database> {
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(openSqlite(dataDir)) }) })
}

/**
 * The connection behind Kysely, synchronously (db/steps.ts). Results have exactly the shape
 * Kysely's SqliteDriver gives, and statements come from the same cache. Kysely never has a query
 * half-run between awaits, only transactions, so the connection is free whenever none is open.
 */
export function syncSql(sqlite: Sqlite.Database, statements: SqliteDatabase): SyncSql {
  const begin = sqlite.prepare('begin')
  const commit = sqlite.prepare('commit')
  const rollback = sqlite.prepare('rollback')
  return {
    get free() {
      return !sqlite.inTransaction
    },
    execute<Row>({ sql, parameters }: CompiledQuery<Row>): QueryResult<Row> {
      const statement = statements.prepare(sql) as Sqlite.Statement
      if (statement.reader) return { rows: statement.all(parameters) as Row[] }
      const { changes, lastInsertRowid } = statement.run(parameters)
      return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] }
    },
    transaction<T>(fn: () => T): T {
      begin.run()
      try {
        const result = fn()
        commit.run()
        return result
      } catch (error) {
        if (sqlite.inTransaction) rollback.run()
        throw error
      }
    },
  }
}

class LocalCoordinator implements Coordinator {
  readonly shared = false
  private readonly bus = new EventEmitter()

  async publish(payload: string): Promise<void> {
    this.bus.emit('message', payload)
  }

  subscribe(listener: (payload: string) => void): void {
    this.bus.on('message', listener)
  }

  lead(onChange: (leading: boolean) => void) {
    onChange(true)
    return { leading: true, stop: async () => {} }
  }

  async close(): Promise<void> {
    this.bus.removeAllListeners()
  }
}

export function openSqliteDatabase(dataDir: string): DatabaseHandle {
  const sqlite = openSqlite(dataDir)
  const statements = withStatementCache(sqlite)
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) })
  const coordinator = new LocalCoordinator()
  return {
    dialect: 'sqlite',
    db,
    where: dataDir === ':memory:' ? ':memory:' : path.join(dataDir, DATABASE_FILE),
    exclusive: (fn) => fn(), // the file has one owner
    coordinator,
    sync: syncSql(sqlite, statements),
    async close() {
      await coordinator.close()
      // Fold the WAL back into the main file so a copied .sqlite is complete on its own.
      sqlite.pragma('wal_checkpoint(TRUNCATE)')
      await db.destroy()
    },
  }
}
