/**
 * Who is a worker: a WeChat account bound once to a worker record with a one-time code the
 * dispatcher makes. Codes are 8 characters without look-alikes, valid 24 hours, stored as SHA-256
 * hashes; binding answers a new session as the worker, and later WeChat sign-ins find the worker
 * through worker_accounts. In development `dev:worker-<n>` binds to the n-th seeded worker.
 */
import crypto from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { LoginResponse } from '@contract/auth'
import type { BindingCodeResponse } from '@contract/work'
import { BINDING_CODE_ALPHABET, BINDING_CODE_LENGTH, BINDING_CODE_TTL_HOURS, normalizeBindingCode } from '@contract/work-limits'
import type { Database, UserRow } from '../../db/schema'
import { ApiError } from '../../lib/api-error'
import { HOUR } from '../../lib/clock'
import { createSession, hashToken, toUser, type SessionUser } from '../auth'

/** 工号 of a worker: BY0001 for the seeded `dev:worker-1`, W<id> for any other worker record. */
export function workerNumber(worker: Pick<UserRow, 'id' | 'openid'>): string {
  const seeded = /^dev:worker-(\d+)$/.exec(worker.openid)
  return seeded ? `BY${seeded[1].padStart(4, '0')}` : `W${String(worker.id).padStart(4, '0')}`
}

export function newBindingCode(): string {
  let code = ''
  for (let i = 0; i < BINDING_CODE_LENGTH; i++) code += BINDING_CODE_ALPHABET[crypto.randomInt(BINDING_CODE_ALPHABET.length)]
  return code
}

/** The worker a WeChat account is bound to, if any. */
export async function boundWorkerOf(db: Kysely<Database>, openid: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('worker_accounts')
    .innerJoin('users', 'users.id', 'worker_accounts.worker_id')
    .selectAll('users')
    .where('worker_accounts.openid', '=', openid)
    .where('users.role', '=', 'worker')
    .executeTakeFirst()
}

/** Remembers that a real person signed in as this worker (the simulator leaves them alone). */
export async function markSignedIn(db: Kysely<Database>, workerId: number, now: Date): Promise<void> {
  await db
    .insertInto('worker_presence')
    .values({ worker_id: workerId, last_sign_in_at: now.toISOString(), duty_in_person: 0, dropped_points: 0 })
    .onConflict((oc) => oc.column('worker_id').doUpdateSet({ last_sign_in_at: now.toISOString() }))
    .execute()
}

/** A new code for a worker; earlier unused codes of that worker stop working. */
export async function createBindingCode(app: FastifyInstance, workerId: number, dispatcher: SessionUser): Promise<BindingCodeResponse> {
  const worker = await app.db.selectFrom('users').select(['id', 'openid', 'display_name', 'role']).where('id', '=', workerId).executeTakeFirst()
  if (!worker || worker.role !== 'worker') throw ApiError.notFound('Worker')
  const now = app.clock.now()
  const code = newBindingCode()
  const expiresAt = new Date(now.getTime() + BINDING_CODE_TTL_HOURS * HOUR).toISOString()
  await app.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('worker_binding_codes').where('worker_id', '=', workerId).where('used_at', 'is', null).execute()
    await trx
      .insertInto('worker_binding_codes')
      .values({ code_hash: hashToken(code), worker_id: workerId, created_by: dispatcher.id, created_at: now.toISOString(), expires_at: expiresAt, used_at: null, used_by: null })
      .execute()
  })
  return { code, expiresAt, worker: { id: worker.id, name: worker.display_name, number: workerNumber(worker) } }
}

const DEV_CODE = /^dev:worker-(\d{1,4})$/i

/** Binds the caller's WeChat account to the worker of `rawCode` and answers a session as that worker. */
export async function bindWorker(app: FastifyInstance, caller: SessionUser, rawCode: string): Promise<LoginResponse> {
  if (caller.role === 'dispatcher') throw new ApiError(403, 'FORBIDDEN', 'A dispatcher account cannot be bound to a worker')
  if (caller.role === 'worker') throw new ApiError(409, 'CONFLICT', 'This account already signs in as a worker')
  const now = app.clock.now()
  const { openid } = await app.db.selectFrom('users').select('openid').where('id', '=', caller.id).executeTakeFirstOrThrow()

  const workerId = await app.db.transaction().execute(async (trx) => {
    let id: number
    const dev = DEV_CODE.exec(rawCode.trim())
    if (dev && app.code2Session.kind === 'development') {
      const worker = await trx.selectFrom('users').select('id').where('openid', '=', `dev:worker-${Number(dev[1])}`).where('role', '=', 'worker').executeTakeFirst()
      if (!worker) throw ApiError.invalidField('body.code', `no seeded worker ${dev[1]}`)
      id = worker.id
    } else {
      const code = normalizeBindingCode(rawCode)
      const valid = code.length === BINDING_CODE_LENGTH && [...code].every((c) => BINDING_CODE_ALPHABET.includes(c))
      if (!valid) throw ApiError.invalidField('body.code', `must be the ${BINDING_CODE_LENGTH}-character code from the dispatcher`)
      const row = await trx.selectFrom('worker_binding_codes').selectAll().where('code_hash', '=', hashToken(code)).executeTakeFirst()
      if (!row) throw ApiError.invalidField('body.code', 'is not a binding code: check it with the dispatcher')
      if (row.used_at) throw ApiError.invalidField('body.code', 'has already been used: ask the dispatcher for a new one', 'BINDING_CODE_USED')
      if (row.expires_at <= now.toISOString()) throw ApiError.invalidField('body.code', 'has expired (codes last 24 hours): ask the dispatcher for a new one', 'BINDING_CODE_EXPIRED')
      const used = await trx
        .updateTable('worker_binding_codes')
        .set({ used_at: now.toISOString(), used_by: caller.id })
        .where('code_hash', '=', row.code_hash)
        .where('used_at', 'is', null)
        .executeTakeFirst()
      if (Number(used.numUpdatedRows) !== 1) throw ApiError.invalidField('body.code', 'has already been used: ask the dispatcher for a new one', 'BINDING_CODE_USED')
      id = row.worker_id
    }
    // One phone per worker and one worker per phone: a new binding replaces older ones.
    await trx.deleteFrom('worker_accounts').where((eb) => eb.or([eb('openid', '=', openid), eb('worker_id', '=', id)])).execute()
    await trx.insertInto('worker_accounts').values({ openid, worker_id: id, bound_at: now.toISOString() }).execute()
    return id
  })

  await markSignedIn(app.db, workerId, now)
  const worker = await app.db.selectFrom('users').selectAll().where('id', '=', workerId).executeTakeFirstOrThrow()
  const session = await createSession(app.db, worker.id, now)
  return { ...session, user: toUser(worker) }
}
