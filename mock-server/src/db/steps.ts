/**
 * A database change written once and run two ways (#19). The change is a generator that yields
 * each query (a Kysely builder or a compiled query) and receives its result:
 *
 *   function* bump(db: Kysely<Database>, day: string): Steps<number> {
 *     const { rows } = yield* query(db.insertInto('ticket_counters')…returning('last'))
 *     return rows[0].last
 *   }
 *
 * - `runSteps(trx, steps)` runs it through Kysely, inside the caller's transaction, on every dialect.
 * - `transact(database, build)` runs it as one transaction of its own: on SQLite, whose one
 *   connection answers synchronously, with no promise per statement (SyncSql, db/dialect-sqlite),
 *   else through Kysely. Kysely's path costs ~35 µs of promises and locks per statement, more than
 *   most of our statements themselves: on a filing that was a third of the request.
 *
 * Steps only build queries; they never await. Anything else they need is passed in.
 */
import type { Compilable, CompiledQuery, Kysely, QueryResult, Transaction } from 'kysely'
import type { DatabaseHandle } from './dialect'
import type { Database } from './schema'

type Db = Kysely<Database> | Transaction<Database>

export type StepQuery<Row = unknown> = CompiledQuery<Row> | Compilable<Row>
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each step's result is typed at its query() call
export type Steps<T> = Generator<StepQuery, T, QueryResult<any>>

/** One query of a change: `const { rows } = yield* query(…)`. */
export function* query<Row>(q: StepQuery<Row>): Generator<StepQuery, QueryResult<Row>, QueryResult<Row>> {
  return yield q as StepQuery
}

const compiled = <Row>(q: StepQuery<Row>): CompiledQuery<Row> => ('compile' in q ? q.compile() : q)

/** SQLite's connection, synchronously (db/dialect-sqlite.ts). */
export interface SyncSql {
  /** False while Kysely holds a transaction open on the connection (it awaits between its statements). */
  readonly free: boolean
  execute<Row>(query: CompiledQuery<Row>): QueryResult<Row>
  /** Runs `fn` between BEGIN and COMMIT (ROLLBACK when it throws). */
  transaction<T>(fn: () => T): T
}

function drive<T>(steps: Steps<T>, execute: (q: CompiledQuery) => QueryResult<unknown>): T {
  let next = steps.next()
  while (!next.done) {
    let result: QueryResult<unknown>
    try {
      result = execute(compiled(next.value))
    } catch (error) {
      next = steps.throw(error)
      continue
    }
    next = steps.next(result)
  }
  return next.value
}

/** Runs the steps synchronously (SQLite). */
export function runStepsSync<T>(sync: SyncSql, steps: Steps<T>): T {
  return drive(steps, (q) => sync.execute(q))
}

/** Runs the steps through Kysely, in `db` (a transaction or the database). */
export async function runSteps<T>(db: Db, steps: Steps<T>): Promise<T> {
  let next = steps.next()
  while (!next.done) {
    let result: QueryResult<unknown>
    try {
      result = await db.executeQuery(compiled(next.value))
    } catch (error) {
      next = steps.throw(error)
      continue
    }
    next = steps.next(result)
  }
  return next.value
}

/** The connection to run on synchronously now, if there is one (SQLite, and no Kysely transaction open). */
function freeSync(database: DatabaseHandle): SyncSql | undefined {
  return database.sync?.free ? database.sync : undefined
}

/** The steps as one transaction: synchronous on a free SQLite connection, else through Kysely. */
export async function transact<T>(database: DatabaseHandle, build: (db: Kysely<Database>) => Steps<T>): Promise<T> {
  const sync = freeSync(database)
  if (sync) return sync.transaction(() => runStepsSync(sync, build(database.db)))
  return database.db.transaction().execute((trx) => runSteps(trx, build(trx)))
}

/** Reads (or one statement) outside a transaction, the same two ways. */
export async function runRead<T>(database: DatabaseHandle, build: (db: Kysely<Database>) => Steps<T>): Promise<T> {
  const sync = freeSync(database)
  if (sync) return runStepsSync(sync, build(database.db))
  return runSteps(database.db, build(database.db))
}
