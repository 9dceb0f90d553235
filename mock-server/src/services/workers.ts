/**
 * The workforce: seeded staff accounts (a dispatcher and a worker per grid), their duty flag
 * and positions. Development codes sign them in: `dev:dispatcher`, `dev:worker-<n>`.
 */
import type { FastifyInstance } from 'fastify'
import type { CoordSystem } from '@contract/schemas'
import type { Worker } from '@contract/tickets'
import { fromWgs84 } from '../lib/coords'
import type { SessionUser } from './auth'
import { appendWorkerDuty } from './live-events'

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁'
const GIVEN = ['伟', '强', '磊', '军', '勇', '杰', '涛', '明', '超', '华', '建国', '志强', '海燕', '秀英', '丽娟', '建华', '国平', '文斌', '小红', '永红']

/** A stable, plausible Chinese name for the n-th worker. */
export function workerName(n: number): string {
  return SURNAMES[n % SURNAMES.length] + GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]
}

export const DISPATCHER_OPENID = 'dev:dispatcher'
export const workerOpenid = (n: number) => `dev:worker-${n}`

/** Idempotent: one dispatcher, one on-duty worker per grid, standing at the grid's centre. */
export async function seedStaff(app: FastifyInstance): Promise<void> {
  const now = app.clock.now().toISOString()
  const rows = [
    { openid: DISPATCHER_OPENID, role: 'dispatcher' as const, display_name: '白云区调度中心', grid_id: null, on_duty: 1, lat: null, lng: null, created_at: now },
    ...app.geo.grids.map((grid, index) => ({
      openid: workerOpenid(index + 1),
      role: 'worker' as const,
      display_name: workerName(index),
      grid_id: grid.id,
      on_duty: 1,
      lat: grid.center.lat,
      lng: grid.center.lng,
      created_at: now,
    })),
  ]
  await app.db.transaction().execute(async (trx) => {
    for (const row of rows) {
      await trx.insertInto('users').values(row).onConflict((oc) => oc.column('openid').doNothing()).execute()
    }
  })
}

export async function listWorkers(app: FastifyInstance, coordSystem: CoordSystem = 'gcj02'): Promise<Worker[]> {
  const rows = await app.db
    .selectFrom('users')
    .select(['users.id', 'users.display_name', 'users.grid_id', 'users.on_duty', 'users.lat', 'users.lng'])
    .select((eb) =>
      eb
        .selectFrom('tickets')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('tickets.assignee_id', '=', 'users.id')
        .where('tickets.status', 'in', ['dispatched', 'in_progress'])
        .as('active'),
    )
    .where('users.role', '=', 'worker')
    .orderBy('users.id')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    name: row.display_name,
    gridId: row.grid_id,
    onDuty: row.on_duty === 1,
    location: row.lat !== null && row.lng !== null ? fromWgs84({ lat: row.lat, lng: row.lng }, coordSystem) : null,
    activeTickets: Number(row.active ?? 0),
  }))
}

export async function setOnDuty(app: FastifyInstance, worker: SessionUser, onDuty: boolean): Promise<Worker> {
  await app.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ on_duty: onDuty ? 1 : 0 }).where('id', '=', worker.id).execute()
    await appendWorkerDuty(trx, worker.id, onDuty, app.clock.now())
  })
  return (await listWorkers(app)).find((row) => row.id === worker.id)!
}
