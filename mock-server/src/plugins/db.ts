/**
 * The storage plugin: one better-sqlite3 connection in WAL mode behind Kysely, migrated and
 * seeded before the server accepts a request, closed when the app closes (so Ctrl-C loses nothing).
 * Routes use `app.db` (typed queries) and never open connections themselves.
 */
import fs from 'node:fs'
import path from 'node:path'
import Sqlite from 'better-sqlite3'
import fp from 'fastify-plugin'
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely'
import { migrateToLatest } from '../db/migrate'
import type { Database } from '../db/schema'
import { seedDistrict } from '../db/seed'

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>
    /** The raw connection, for hot paths that want a statement prepared once. */
    sqlite: Sqlite.Database
  }
}

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

export default fp(
  async (app, opts: { dataDir: string }) => {
    const sqlite = openSqlite(opts.dataDir)
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) })
    try {
      const applied = await migrateToLatest(db)
      if (applied.length) app.log.info({ applied }, 'database migrated')
      await seedDistrict(db)
    } catch (error) {
      await db.destroy()
      throw error
    }
    app.decorate('db', db)
    app.decorate('sqlite', sqlite)
    app.addHook('onClose', async () => {
      // Fold the WAL back into the main file so a copied .sqlite is complete on its own.
      sqlite.pragma('wal_checkpoint(TRUNCATE)')
      await db.destroy()
      app.log.info('database closed')
    })
  },
  { name: 'db' },
)
