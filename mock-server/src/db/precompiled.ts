/**
 * A query whose shape never changes, built and compiled once per dialect (#19): Kysely otherwise
 * builds the operation tree and compiles it to SQL on every call (a tenth of a POST /api/tickets).
 * `build` receives named placeholders (`p.number`) and must use each as a whole value (a column
 * value, a where operand); each call passes the real values by name. The SQL and its parameter
 * order come from the database's own compiler, so both dialects work. (auth's sessionLookup does
 * the same by hand.)
 */
import type { CompiledQuery, Compilable, Kysely, QueryResult, Transaction } from 'kysely'
import type { Database } from './schema'

type Db = Kysely<Database> | Transaction<Database>

const PLACEHOLDER = '\u0000precompiled:'

export interface Precompiled<Row, Params> {
  /** Runs it through Kysely. */
  (db: Db, params: Params): Promise<QueryResult<Row>>
  /** The compiled query with these values, for a step (db/steps.ts). */
  query(db: Db, params: Params): CompiledQuery<Row>
}

export function precompiled<Row, Params extends Record<string, unknown>>(build: (db: Kysely<Database>, p: Params) => Compilable<Row>): Precompiled<Row, Params> {
  // One entry per dialect (a transaction compiles as its database does).
  const byDialect = new Map<string, { query: CompiledQuery<Row>; slots: (string | null)[] }>()
  const bind = (db: Db, params: Params): CompiledQuery<Row> => {
    const dialect = db.getExecutor().adapter.constructor.name
    let entry = byDialect.get(dialect)
    if (!entry) {
      const used = new Set<string>()
      const placeholders = new Proxy({} as Params, { get: (_target, name) => (used.add(String(name)), `${PLACEHOLDER}${String(name)}`) })
      const query = build(db as Kysely<Database>, placeholders).compile()
      const slots = query.parameters.map((value) => (typeof value === 'string' && value.startsWith(PLACEHOLDER) ? value.slice(PLACEHOLDER.length) : null))
      const missing = [...used].filter((name) => !slots.includes(name))
      if (missing.length) throw new Error(`precompiled: ${missing.join(', ')} must be whole parameters (${query.sql})`)
      byDialect.set(dialect, (entry = { query, slots }))
    }
    const { query, slots } = entry
    return { ...query, parameters: query.parameters.map((value, i) => (slots[i] === null ? value : params[slots[i]!])) }
  }
  const run = (db: Db, params: Params) => db.executeQuery<Row>(bind(db, params))
  return Object.assign(run, { query: bind })
}
