/**
 * Staff sign-in for the console: account name + password (scrypt from node:crypto, a random salt
 * per account, compared in constant time), and cookie sessions stored as SHA-256 hashes like the
 * bearer sessions. The CSRF token is derived from the session token (HMAC-free: a hash with a
 * fixed label), so it needs no storage and only the holder of the HttpOnly cookie can know it.
 */
import crypto from 'node:crypto'
import { promisify } from 'node:util'
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { StaffSession } from '@contract/console'
import type { Database } from '../db/schema'
import { ApiError } from '../lib/api-error'
import { HOUR } from '../lib/clock'
import { hashToken, toUser, type SessionUser } from './auth'

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>

/** scrypt cost: N = 2^14, r = 8, p = 1 (16 MiB, ~50 ms here); stored with the hash so it can grow. */
const SCRYPT = { N: 16_384, r: 8, p: 1, keylen: 32 }

/** A console session lasts one long shift. */
export const STAFF_SESSION_HOURS = 12

export async function hashPassword(password: string, salt: Buffer = crypto.randomBytes(16)): Promise<string> {
  const hash = await scrypt(password.normalize('NFKC'), salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: 64 * 1024 * 1024 })
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), hash.toString('base64')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const actual = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  })
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected)
}

/** Compared against when the account does not exist, so a wrong name costs as long as a wrong password. */
let decoyHash: Promise<string> | null = null
const decoy = () => (decoyHash ??= hashPassword(crypto.randomBytes(16).toString('hex')))

export function csrfTokenOf(sessionToken: string): string {
  return crypto.createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url')
}

/** Constant-time comparison of the X-CSRF-Token header with the session's token. */
export function csrfMatches(sessionToken: string, header: string | string[] | undefined): boolean {
  const sent = Array.isArray(header) ? header[0] : header
  if (!sent) return false
  const a = Buffer.from(csrfTokenOf(sessionToken))
  const b = Buffer.from(sent)
  return a.length === b.length && crypto.timingSafeEqual(a, b)
}

const WRONG = () => new ApiError(401, 'UNAUTHORIZED', 'Wrong account name or password')

export async function staffLogin(db: Kysely<Database>, name: string, password: string, now: Date) {
  const account = await db
    .selectFrom('staff_accounts')
    .innerJoin('users', 'users.id', 'staff_accounts.user_id')
    .select(['users.id', 'users.role', 'users.display_name', 'users.grid_id', 'staff_accounts.login_name', 'staff_accounts.password_hash'])
    .where('staff_accounts.login_name', '=', name.trim().toLowerCase())
    .executeTakeFirst()
  const ok = await verifyPassword(password, account?.password_hash ?? (await decoy()))
  if (!account || !ok || account.role === 'resident') throw WRONG()
  const token = crypto.randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + STAFF_SESSION_HOURS * HOUR).toISOString()
  await db.transaction().execute(async (trx) => {
    // Expired sessions of this account go when it signs in again, so the table does not grow.
    await trx.deleteFrom('staff_sessions').where('user_id', '=', account.id).where('expires_at', '<=', now.toISOString()).execute()
    await trx.insertInto('staff_sessions').values({ token_hash: hashToken(token), user_id: account.id, created_at: now.toISOString(), expires_at: expiresAt }).execute()
  })
  const session: StaffSession = { user: toUser(account), accountName: account.login_name, csrfToken: csrfTokenOf(token), expiresAt }
  return { token, session }
}

export interface CookieSession {
  user: SessionUser
  token: string
  csrfToken: string
  accountName: string | null
  expiresAt: string
}

export async function lookupStaffSession(db: Kysely<Database>, token: string, now: Date): Promise<CookieSession | undefined> {
  const row = await db
    .selectFrom('staff_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('staff_accounts as a', 'a.user_id', 'u.id')
    .select(['u.id', 'u.role', 'u.display_name', 'u.grid_id', 's.expires_at', 'a.login_name'])
    .where('s.token_hash', '=', hashToken(token))
    .where('s.expires_at', '>', now.toISOString())
    .executeTakeFirst()
  if (!row) return undefined
  return {
    user: { id: row.id, role: row.role, display_name: row.display_name, grid_id: row.grid_id },
    token,
    csrfToken: csrfTokenOf(token),
    accountName: row.login_name,
    expiresAt: row.expires_at,
  }
}

export async function staffLogout(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('token_hash', '=', hashToken(token)).execute()
}

/* ---------- development accounts ---------- */

/** Development passwords (never seeded when NODE_ENV=production); the README names them. */
export const DEV_PASSWORDS = { dispatcher: 'yunbaoshi-dispatcher', worker: 'yunbaoshi-worker' } as const

/**
 * Hashed once per process, not once per account: 358 scrypt hashes would cost ~20 s, and seeding
 * must not slow a fresh test app. So every seeded worker shares ONE salt and hash of the shared dev
 * password (the dispatcher has its own). Accounts created for real use get their own salt.
 */
let devHashes: Promise<{ dispatcher: string; worker: string }> | null = null
const devPasswordHashes = () =>
  (devHashes ??= Promise.all([hashPassword(DEV_PASSWORDS.dispatcher), hashPassword(DEV_PASSWORDS.worker)]).then(([dispatcher, worker]) => ({ dispatcher, worker })))

/** Idempotent: an account for the seeded dispatcher and every seeded worker that has none. */
export async function seedStaffAccounts(app: FastifyInstance): Promise<number> {
  const staff = await app.db
    .selectFrom('users')
    .leftJoin('staff_accounts', 'staff_accounts.user_id', 'users.id')
    .select(['users.id', 'users.openid', 'users.role'])
    .where('users.role', 'in', ['dispatcher', 'worker'])
    .where('users.openid', 'like', 'dev:%')
    .where('staff_accounts.user_id', 'is', null)
    .execute()
  if (!staff.length) return 0
  const hashes = await devPasswordHashes()
  const now = app.clock.now().toISOString()
  const rows = staff.map((user) => ({
    user_id: user.id,
    login_name: user.openid.slice('dev:'.length).toLowerCase(),
    password_hash: user.role === 'dispatcher' ? hashes.dispatcher : hashes.worker,
    created_at: now,
    updated_at: now,
  }))
  await app.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 200) {
      await trx.insertInto('staff_accounts').values(rows.slice(i, i + 200)).onConflict((oc) => oc.doNothing()).execute()
    }
  })
  return rows.length
}

/** Sets a password (its own salt); for an operator creating real accounts. */
export async function setStaffPassword(db: Kysely<Database>, userId: number, loginName: string, password: string, now: Date): Promise<void> {
  const hash = await hashPassword(password)
  const at = now.toISOString()
  await db
    .insertInto('staff_accounts')
    .values({ user_id: userId, login_name: loginName.trim().toLowerCase(), password_hash: hash, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ password_hash: hash, login_name: loginName.trim().toLowerCase(), updated_at: at }))
    .execute()
}
