/** Ticket helpers for API tests: a valid report, filed as a given user. */
import crypto from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { CreateTicketBody, TicketDetail } from '@contract/tickets'
import { injectAs, login } from './app'

/** 景泰街, Baiyun, in GCJ-02 (what the mini-program sends). */
export const JINGTAI = { lat: 23.17, lng: 113.275, coordSystem: 'gcj02' as const }
/** 天河城, Tianhe District: outside Baiyun. */
export const TIANHE = { lat: 23.132, lng: 113.323, coordSystem: 'gcj02' as const }

export const validReport = (overrides: Partial<CreateTicketBody> = {}): CreateTicketBody => ({
  categoryId: 'exposed_garbage',
  description: '路边有成堆垃圾，无人清理',
  photoIds: [],
  location: JINGTAI,
  ...overrides,
})

export function fileTicket(app: FastifyInstance, token: string, body: unknown = validReport(), key: string = crypto.randomUUID()) {
  return injectAs(app, token, { method: 'POST', url: '/api/tickets', payload: body as object, headers: { 'idempotency-key': key } })
}

export async function fileTicketOk(app: FastifyInstance, token: string, body: CreateTicketBody = validReport()): Promise<TicketDetail> {
  const res = await fileTicket(app, token, body)
  if (res.statusCode !== 201) throw new Error(`filing failed: ${res.statusCode} ${res.body}`)
  return res.json()
}

export async function getTicket(app: FastifyInstance, token: string, id: number) {
  return injectAs(app, token, { method: 'GET', url: `/api/tickets/${id}` })
}

/** The seeded staff: the dispatcher and the worker the auto-dispatch picked. */
export async function staff(app: FastifyInstance) {
  const dispatcher = await login(app, 'dispatcher')
  return { dispatcher }
}

export async function workerToken(app: FastifyInstance, workerId: number): Promise<string> {
  const { openid } = await app.db.selectFrom('users').select('openid').where('id', '=', workerId).executeTakeFirstOrThrow()
  return (await login(app, openid.replace(/^dev:/, ''))).token
}

export async function countRows(app: FastifyInstance, table: 'tickets' | 'ticket_events' | 'messages' | 'uploads' | 'live_events') {
  const row = await app.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}
