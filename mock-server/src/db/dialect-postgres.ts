/**
 * PostgreSQL (15, with PostGIS 3) behind Kysely's PostgresDialect and a pg pool. The only file
 * that speaks PostgreSQL's connection-level SQL (search_path, LISTEN/NOTIFY, advisory locks).
 *
 * The service code was written against SQLite's values, and sees the same ones here: the pool
 * parses `timestamptz` into ISO-8601 UTC strings (`2026-11-25T08:00:00.000Z`, what the code
 * writes), `jsonb` into its JSON text, `boolean` into 0/1 and `bigint` counts into numbers.
 *
 * Several instances may share one database (and schema):
 * - startup (migrations + seed) runs under a session advisory lock, one instance at a time;
 * - messages go through NOTIFY on one channel per schema, received on a dedicated LISTEN client;
 * - the leader holds a session-level advisory lock on its own dedicated client. When the leader
 *   dies its connection closes and the lock goes with it; the others retry every few seconds.
 */
import pg from 'pg'
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely'
import type { Coordinator, DatabaseHandle, Leadership } from './dialect'
import type { Database } from './schema'

const OID = { bool: 16, int8: 20, json: 114, timestamptz: 1184, numeric: 1700, jsonb: 3802 } as const

/** `2026-11-25 08:00:00.123+00` (a UTC session) → `2026-11-25T08:00:00.123Z`. */
export function isoFromTimestamptz(text: string): string {
  const match = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d+))?\+00$/.exec(text)
  if (!match) return new Date(text).toISOString()
  return `${match[1]}T${match[2]}.${(match[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`
}

const parsers: Record<number, (text: string) => unknown> = {
  [OID.bool]: (text) => (text === 't' ? 1 : 0),
  [OID.int8]: (text) => Number(text),
  [OID.numeric]: (text) => Number(text),
  [OID.json]: (text) => text,
  [OID.jsonb]: (text) => text,
  [OID.timestamptz]: isoFromTimestamptz,
}

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    (format ?? 'text') === 'text' && parsers[oid] ? parsers[oid] : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

/** Schema names come from config and tests: plain identifiers only, so they can be quoted safely. */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`DATABASE_SCHEMA must be a lower-case identifier, got "${schema}"`)
  return schema
}

export function describeUrl(url: string, schema: string): string {
  try {
    const parsed = new URL(url)
    return `postgres://${parsed.hostname}:${parsed.port || 5432}${parsed.pathname} (schema ${schema})`
  } catch {
    return `postgres (schema ${schema})`
  }
}

/** pg_stat_activity shows who is who: `yunbaoshi:<pid>`, and the leader lock's session `ybs-leader:<schema>:<pid>`. */
function connectionConfig(url: string, applicationName = `yunbaoshi:${process.pid}`): pg.ClientConfig {
  // TCP keep-alive: a leader whose machine vanished (no FIN) loses its lock within about a minute.
  return { connectionString: url, types, keepAlive: true, keepAliveInitialDelayMillis: 10_000, application_name: applicationName.slice(0, 63) }
}

const sessionSql = (schema: string) => `SET search_path TO "${schema}", public; SET TimeZone TO 'UTC'`

async function prepareSession(client: pg.ClientBase, schema: string): Promise<void> {
  await client.query(sessionSql(schema))
}

/** A dedicated client that reconnects (with back-off) when its connection dies. */
class DedicatedClient {
  private client: pg.Client | null = null
  private closed = false
  private connecting: Promise<pg.Client> | null = null

  constructor(
    private readonly url: string,
    private readonly schema: string,
    private readonly onUp: (client: pg.Client, reconnected: boolean) => Promise<void>,
    private readonly onDown: () => void,
    private readonly applicationName?: string,
  ) {}

  private everConnected = false

  async get(): Promise<pg.Client> {
    if (this.client) return this.client
    if (this.closed) throw new Error('closed')
    this.connecting ??= this.connect().finally(() => (this.connecting = null))
    return this.connecting
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client(connectionConfig(this.url, this.applicationName))
    const down = () => {
      if (this.client !== client) return
      this.client = null
      this.onDown()
      if (!this.closed) setTimeout(() => this.get().catch(() => {}), 1000).unref()
    }
    client.on('error', down)
    client.on('end', down)
    try {
      await client.connect()
      await prepareSession(client, this.schema)
    } catch (error) {
      client.removeAllListeners()
      client.on('error', () => {})
      await client.end().catch(() => {})
      if (!this.closed) setTimeout(() => this.get().catch(() => {}), 2000).unref()
      throw error
    }
    this.client = client
    const reconnected = this.everConnected
    this.everConnected = true
    await this.onUp(client, reconnected)
    return client
  }

  /** The backend process id of the live connection (tests terminate it to play a dead leader). */
  get pid(): number | undefined {
    return (this.client as unknown as { processID?: number } | null)?.processID
  }

  async close(): Promise<void> {
    this.closed = true
    await this.connecting?.catch(() => {})
    const client = this.client
    this.client = null
    if (client) {
      client.removeAllListeners()
      client.on('error', () => {})
      await client.end().catch(() => {})
    }
  }
}

/**
 * Serialises the transactions that append to one log from here to their commit, so ids commit in
 * order and a tailer reading "id > last seen" never skips a row that committed late.
 */
/** A transaction-scoped advisory lock on `name` (released at commit or rollback). */
export const advisoryLock = (name: string) => sql`SELECT pg_advisory_xact_lock(hashtext(${`yunbaoshi:${name}`}))`

export class PostgresCoordinator implements Coordinator {
  readonly shared = true
  /** NOTIFY channel and lock names are per database, so they carry the schema: schemas never cross-talk. */
  private readonly channel: string
  private readonly listeners: ((payload: string) => void)[] = []
  private readonly gapListeners: (() => void)[] = []
  private readonly listenClient: DedicatedClient
  private readonly leaders = new Set<DedicatedClient>()
  private closed = false

  constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    private readonly schema: string,
  ) {
    this.channel = `ybs_${schema}`
    this.listenClient = new DedicatedClient(
      url,
      schema,
      async (client, reconnected) => {
        client.on('notification', (message) => {
          if (message.channel !== this.channel) return
          for (const listener of this.listeners) listener(message.payload ?? '')
        })
        await client.query(`LISTEN "${this.channel}"`)
        if (reconnected) for (const gap of this.gapListeners) gap()
      },
      () => {},
    )
  }

  /** Resolves once the LISTEN is in place (so a test can publish right after). */
  async ready(): Promise<void> {
    await this.listenClient.get()
  }

  async publish(payload: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [this.channel, payload])
  }

  subscribe(listener: (payload: string) => void, onGap?: () => void): void {
    this.listeners.push(listener)
    if (onGap) this.gapListeners.push(onGap)
    this.listenClient.get().catch(() => {})
  }

  lead(onChange: (leading: boolean) => void, retryMs: number): Leadership {
    const lockName = `yunbaoshi:leader:${this.schema}`
    let leading = false
    let stopped = false
    let timer: NodeJS.Timeout | null = null
    const setLeading = (value: boolean) => {
      if (leading === value) return
      leading = value
      onChange(value)
    }
    const holder = new DedicatedClient(this.url, this.schema, async () => {}, () => setLeading(false), `ybs-leader:${this.schema}:${process.pid}`)
    this.leaders.add(holder)
    const attempt = async () => {
      timer = null
      if (stopped) return
      try {
        const client = await holder.get()
        if (!leading) {
          const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [lockName])
          if (rows[0]?.ok && !stopped) setLeading(true)
        } else {
          await client.query('SELECT 1') // still connected, so still holding the lock
        }
      } catch {
        setLeading(false)
      }
      if (!stopped) timer = setTimeout(attempt, retryMs).unref()
    }
    void attempt()
    return {
      get leading() {
        return leading
      },
      stop: async () => {
        stopped = true
        if (timer) clearTimeout(timer)
        setLeading(false)
        this.leaders.delete(holder)
        await holder.close() // closing the session releases its advisory lock
      },
    }
  }

  /** Backend pids of this instance's dedicated connections (for tests that kill them). */
  get pids(): { listen?: number; leader: (number | undefined)[] } {
    return { listen: this.listenClient.pid, leader: [...this.leaders].map((holder) => holder.pid) }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await Promise.all([this.listenClient.close(), ...[...this.leaders].map((holder) => holder.close())])
  }
}

export async function openPostgres(url: string, schema: string, poolSize = Number(process.env.DATABASE_POOL_SIZE) || 10): Promise<DatabaseHandle> {
  checkSchemaName(schema)
  const pool = new pg.Pool({ ...connectionConfig(url), max: poolSize, idleTimeoutMillis: 30_000 })
  pool.on('error', () => {}) // an idle client's connection died: the pool drops it and makes a new one
  try {
    const client = await pool.connect()
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
      // PostGIS lives in public, once per database; concurrent first starts may race on it.
      await client.query('CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public').catch(async (error: { code?: string }) => {
        if (error.code !== '23505' && error.code !== '42710') throw error
      })
    } finally {
      client.release()
    }
  } catch (error) {
    await pool.end()
    throw error
  }
  // Every pooled connection Kysely uses gets the schema and the UTC zone first (the raw pool
  // queries here, NOTIFY and advisory locks, need neither).
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool, onCreateConnection: (connection) => connection.executeQuery(CompiledQuery.raw(sessionSql(schema))).then(() => {}) }),
  })
  const coordinator = new PostgresCoordinator(pool, url, schema)
  return {
    dialect: 'postgres',
    db,
    schema,
    where: describeUrl(url, schema),
    coordinator,
    async exclusive(fn) {
      const client = await pool.connect()
      const lock = `yunbaoshi:startup:${schema}`
      try {
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [lock])
        return await fn()
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]).catch(() => {})
        client.release()
      }
    },
    async close() {
      await coordinator.close()
      await db.destroy() // ends the pool
    },
  }
}
