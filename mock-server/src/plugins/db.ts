/**
 * The database plugin: opens the database the config names (SQLite under DATA_DIR by default,
 * PostgreSQL with DATABASE_URL; see db/dialect.ts), migrates and seeds it before the server
 * accepts a request (one instance at a time), and closes it when the app closes (so Ctrl-C
 * loses nothing). Routes use `app.db` (typed queries) and never open connections themselves.
 */
import fp from 'fastify-plugin'
import type { Kysely } from 'kysely'
import { openDatabase, type DatabaseHandle, type DialectName } from '../db/dialect'
import { migrateToLatest } from '../db/migrate'
import type { Database } from '../db/schema'
import { seedDistrict } from '../db/seed'

export { DATABASE_FILE, openSqlite, withStatementCache } from '../db/dialect-sqlite'

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>
    /** Which database: 'sqlite' (embedded, one instance) or 'postgres' (shared by instances). */
    dialect: DialectName
    /** The connection behind `db`, with the coordinator instances use to reach each other. */
    database: DatabaseHandle
  }
}

export default fp(
  async (app, opts: { dataDir: string; databaseUrl?: string; databaseSchema?: string }) => {
    const database = await openDatabase(opts)
    try {
      await database.exclusive(async () => {
        const applied = await migrateToLatest(database.db, { schema: database.schema })
        if (applied.length) app.log.info({ applied, where: database.where }, 'database migrated')
        await seedDistrict(database.db)
      })
    } catch (error) {
      await database.close()
      throw error
    }
    app.decorate('db', database.db)
    app.decorate('dialect', database.dialect)
    app.decorate('database', database)
    app.addHook('onClose', async () => {
      await database.close()
      app.log.info('database closed')
    })
  },
  { name: 'db' },
)
