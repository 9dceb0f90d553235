/**
 * Sessions: opaque random tokens, stored as SHA-256 hashes with an expiry. A token is looked up
 * by hash with one prepared statement on every authenticated request.
 */
import crypto from 'node:crypto'
import type Sqlite from 'better-sqlite3'
import type { Kysely } from 'kysely'
import type { User } from '@contract/auth'
import type { Database, UserRow } from '../db/schema'
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

/** Prepared once: the lookup behind every authenticated request. */
export function sessionLookup(sqlite: Sqlite.Database) {
  const statement = sqlite.prepare<[string, string], SessionUser>(
    `SELECT u.id, u.role, u.display_name, u.grid_id FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = ? AND s.expires_at > ?`,
  )
  return (token: string, now: Date): SessionUser | undefined => statement.get(hashToken(token), now.toISOString())
}
