/** Shared setup of the console API tests: an app on a fake clock, staff tokens, tickets placed in chosen grids. */
import type { FastifyInstance } from 'fastify'
import type { TicketDetail } from '@contract/tickets'
import { FakeClock } from '../../../../mock-server/src/lib/clock'
import { buildTestApp, injectAs, login } from '../../../helpers/app'
import { fileTicketOk, validReport } from '../../../helpers/tickets'

export async function consoleTestApp(start = '2026-11-25T02:00:00Z') {
  const clock = new FakeClock(Date.parse(start))
  const ctx = await buildTestApp({ rateLimitScale: 0 }, { clock, maintenanceIntervalMs: 0, liveEvents: { pollMs: 0 } })
  const dispatcher = (await login(ctx.app, 'dispatcher')).token
  const resident = (await login(ctx.app, 'alice')).token
  return { ...ctx, clock, dispatcher, resident }
}

/** Files a ticket at the centre of the n-th grid (0-based), as `token`. */
export async function ticketInGrid(app: FastifyInstance, token: string, gridIndex: number, overrides: { categoryId?: string; description?: string } = {}): Promise<TicketDetail> {
  const grid = app.geo.grids[gridIndex]
  return fileTicketOk(app, token, validReport({ location: { ...grid.center, coordSystem: 'wgs84' }, ...overrides }))
}

export const act = (app: FastifyInstance, token: string, id: number, action: string, payload: object = {}) =>
  injectAs(app, token, { method: 'POST', url: `/api/ops/tickets/${id}/${action}`, payload })

export async function ok<T>(promise: Promise<{ statusCode: number; body: string; json: () => unknown }>, status = 200): Promise<T> {
  const res = await promise
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`)
  return (res.body ? res.json() : undefined) as T
}
