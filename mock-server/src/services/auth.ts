/**
 * Sessions: opaque random tokens, stored as SHA-256 hashes with an expiry. A token is looked up
 * by hash with one query compiled once, on every authenticated request.
 */
import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { User } from '@contract/auth'
import type { DatabaseHandle } from '../db/dialect'
import type { Database, UserRow } from '../db/schema'
import { query, runRead } from '../db/steps'
import { DAY } from '../lib/clock'

export const SESSION_DAYS = 30

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}

export function toUser(row: Pick<UserRow, 'id' | 'role' | 'display_name'>): User {
  return { id: row.id, role: row.role, displayName: row.display_name }
}

/** Finds or creates the user of an openid; new users are residents. */
export async function findOrCreateUser(db: Kysely<Database>, openid: string, now: Date): Promise<UserRow> {
  const existing = await db.selectFrom('users').selectAll().where('openid', '=', openid).executeTakeFirst()
  if (existing) return existing
  const created = await db
    .insertInto('users')
    .values({ openid, role: 'resident', display_name: '市民', on_duty: 0, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('openid').doNothing())
    .returningAll()
    .executeTakeFirst()
  const row = created ?? (await db.selectFrom('users').selectAll().where('openid', '=', openid).executeTakeFirstOrThrow())
  if (row.display_name === '市民') {
    // A friendly, non-identifying name like 市民0042 for timelines and staff screens.
    const displayName = `市民${String(row.id).padStart(4, '0')}`
    await db.updateTable('users').set({ display_name: displayName }).where('id', '=', row.id).execute()
    row.display_name = displayName
  }
  return row
}

export async function createSession(db: Kysely<Database>, userId: number, now: Date) {
  const token = crypto.randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY).toISOString()
  await db
    .insertInto('sessions')
    .values({ token_hash: hashToken(token), user_id: userId, created_at: now.toISOString(), expires_at: expiresAt })
    .execute()
  return { token, expiresAt }
}

export type SessionUser = Pick<UserRow, 'id' | 'role' | 'display_name' | 'grid_id'>

/**
 * The lookup behind every authenticated request: the query is built and compiled once, and each
 * call only swaps its two parameters (SQLite's statement cache then reuses the prepared statement;
 * PostgreSQL gets the same text every time).
 */
export function sessionLookup(database: DatabaseHandle) {
  const compiled = database.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.role', 'u.display_name', 'u.grid_id'])
    .where('s.token_hash', '=', '')
    .where('s.expires_at', '>', '')
    .compile()
  // runRead: synchronous on SQLite (db/steps.ts), one query on every authenticated request.
  return (token: string, now: Date): Promise<SessionUser | undefined> =>
    runRead(database, function* () {
      return (yield* query<SessionUser>({ ...compiled, parameters: [hashToken(token), now.toISOString()] })).rows[0]
    })
}
