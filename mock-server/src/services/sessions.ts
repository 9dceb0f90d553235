/** Ending sessions: sign-out revokes the bearer token; the maintenance loop deletes expired ones. */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { hashToken } from './auth'

/** Deletes the session of this token; true when one existed. */
export async function revokeSession(db: Kysely<Database>, token: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/** Deletes every session past its expiry; returns how many went. */
export async function deleteExpiredSessions(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** `Authorization: Bearer <token>` → the token, or null. */
export function bearerToken(header: string | undefined): string | null {
  return header?.startsWith('Bearer ') ? header.slice(7).trim() || null : null
}
