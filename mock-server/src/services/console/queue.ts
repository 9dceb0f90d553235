/**
 * The console's queue: every ticket with the filters of the table (street, grid, category, status,
 * overdue, created-date range, text), sorted by time left by default, paged on the server with the
 * total. The same row shape is the `ticket` of a live ticket event (services/live-events.ts).
 */
import type { FastifyInstance } from 'fastify'
import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely'
import { OPEN_STATUSES } from '@contract/lifecycle'
import type { OpsExportQuery, OpsTicketRow, OpsTicketsQuery, OpsTicketTable } from '@contract/console'
import type { CoordSystem } from '@contract/schemas'
import { precompiled } from '../../db/precompiled'
import type { Database } from '../../db/schema'
import { query, type Steps } from '../../db/steps'
import { ApiError } from '../../lib/api-error'
import { chinaDayStart } from '../../lib/china-time'
import { DAY } from '../../lib/clock'
import { fromWgs84 } from '../../lib/coords'
import { TICKET_CARD_COLUMNS, TICKET_TIMELINE_COLUMNS, ticketsWithCategory } from '../tickets/columns'

type Db = Kysely<Database> | Transaction<Database>

function baseSelect(db: Db) {
  return ticketsWithCategory(db)
    .leftJoin('users as assignee', 'assignee.id', 'tickets.assignee_id')
    .leftJoin('geo_grids', 'geo_grids.id', 'tickets.grid_id')
    .select([
      ...TICKET_CARD_COLUMNS,
      ...TICKET_TIMELINE_COLUMNS,
      'tickets.grid_id',
      'geo_grids.name as grid_name',
      'tickets.lat',
      'tickets.lng',
      'tickets.assignee_id',
      'assignee.display_name as assignee_name',
      'tickets.reopen_count',
      'tickets.source',
    ])
}

type BaseSelect = ReturnType<typeof baseSelect>
type Row = Awaited<ReturnType<BaseSelect['execute']>>[number]

const OPEN = new Set<string>(OPEN_STATUSES)

function toRow(row: Row, nowIso: string): OpsTicketRow {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    categoryId: row.category_id,
    categoryName: row.category_name,
    description: row.description,
    street: row.street,
    community: row.community,
    gridId: row.grid_id,
    gridName: row.grid_name ?? row.grid_id,
    location: { lat: row.lat, lng: row.lng },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    dueAt: row.due_at,
    overdue: OPEN.has(row.status) && row.due_at < nowIso,
    escalated: row.escalated_at !== null,
    assignee: row.assignee_id !== null && row.assignee_name ? { id: row.assignee_id, name: row.assignee_name } : null,
    reopenCount: row.reopen_count,
    followerCount: row.follower_count,
    source: row.source,
  }
}

/** Queue rows (WGS-84 locations) for a select narrowed by `where`. */
export async function opsTicketRows(db: Db, now: Date, where: (select: BaseSelect) => BaseSelect): Promise<OpsTicketRow[]> {
  const rows = await where(baseSelect(db)).execute()
  const nowIso = now.toISOString()
  return rows.map((row) => toRow(row, nowIso))
}

const rowById = precompiled((db, p: { id: number }) => baseSelect(db).where('tickets.id', '=', p.id))

/** One ticket's queue row (the live `ticket` event of every change): a query compiled once (#19). */
export function* opsTicketRow(db: Db, now: Date, id: number): Steps<OpsTicketRow | undefined> {
  const [row] = (yield* query(rowById.query(db, { id }))).rows
  return row && toRow(row, now.toISOString())
}

/**
 * A ticket just inserted as its queue row, without reading it back (a new ticket's live event,
 * #19): the same toRow over the row as written, the joined names passed in. A test keeps it equal
 * to opsTicketRow's.
 */
export function queueRowOf(ticket: Omit<Row, 'category_name' | 'grid_name' | 'assignee_name'>, names: { category: string; grid: string }, now: Date): OpsTicketRow {
  return toRow({ ...ticket, category_name: names.category, grid_name: names.grid, assignee_name: null }, now.toISOString())
}

/** A stored row as the client asked for it. */
export function inCoordSystem(row: OpsTicketRow, coordSystem: CoordSystem = 'gcj02'): OpsTicketRow {
  return { ...row, location: fromWgs84(row.location, coordSystem) }
}

/** `%` and `_` match themselves in the text search. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- both the row select and the count select take these filters
function applyFilters<S extends SelectQueryBuilder<Database, 'tickets', any>>(select: S, query: OpsExportQuery, now: Date): S {
  let s = select as SelectQueryBuilder<Database, 'tickets', object>
  if (query.street) s = s.where('tickets.street', '=', query.street)
  if (query.gridId) s = s.where('tickets.grid_id', '=', query.gridId)
  if (query.categoryId) s = s.where('tickets.category_id', '=', query.categoryId)
  if (query.status?.length) s = s.where('tickets.status', 'in', query.status)
  if (query.open) s = s.where('tickets.status', 'in', OPEN_STATUSES)
  const nowIso = now.toISOString()
  if (query.overdue === true) s = s.where('tickets.status', 'in', OPEN_STATUSES).where('tickets.due_at', '<', nowIso)
  if (query.overdue === false) s = s.where((eb) => eb.or([eb('tickets.status', 'not in', OPEN_STATUSES), eb('tickets.due_at', '>=', nowIso)]))
  if (query.from) s = s.where('tickets.created_at', '>=', chinaDayStart(query.from, 'querystring.from').toISOString())
  if (query.to) s = s.where('tickets.created_at', '<', new Date(chinaDayStart(query.to, 'querystring.to').getTime() + DAY).toISOString())
  if (query.from && query.to && query.from > query.to) throw ApiError.invalidField('querystring.to', 'is before from')
  const q = query.q?.trim()
  if (q) {
    const pattern = likePattern(q)
    s = s.where((eb) =>
      eb.or(
        (['tickets.number', 'tickets.description', 'tickets.street', 'tickets.community', 'tickets.address_note'] as const).map(
          (column) => sql<boolean>`${eb.ref(column)} like ${pattern} escape '\\'`,
        ),
      ),
    )
  }
  return s as S
}

/** Open tickets by deadline first (least time left), then the others, newest deadline first. */
function applySort(select: BaseSelect, sort: OpsTicketsQuery['sort']): BaseSelect {
  switch (sort) {
    case 'created_desc':
      return select.orderBy('tickets.id', 'desc')
    case 'created_asc':
      return select.orderBy('tickets.id', 'asc')
    case 'updated_desc':
      return select.orderBy('tickets.updated_at', 'desc').orderBy('tickets.id', 'desc')
    default:
      return select
        .orderBy((eb) => eb.case().when('tickets.status', 'in', OPEN_STATUSES).then(0).else(1).end())
        .orderBy((eb) => eb.case().when('tickets.status', 'in', OPEN_STATUSES).then(eb.ref('tickets.due_at')).else(null).end(), 'asc')
        .orderBy('tickets.due_at', 'desc')
        .orderBy('tickets.id', 'desc')
  }
}

async function checkReferences(app: FastifyInstance, query: OpsExportQuery) {
  if (query.street && !app.geo.streets.some((street) => street.name === query.street)) {
    throw ApiError.invalidField('querystring.street', `no street named "${query.street}" in the district`)
  }
  if (query.gridId && !app.geo.grids.some((grid) => grid.id === query.gridId)) {
    throw ApiError.invalidField('querystring.gridId', `no grid "${query.gridId}"`)
  }
  if (query.categoryId) {
    const category = await app.db.selectFrom('categories').select('id').where('id', '=', query.categoryId).executeTakeFirst()
    if (!category) throw ApiError.invalidField('querystring.categoryId', `unknown category "${query.categoryId}"`)
  }
}

export async function listOpsTickets(app: FastifyInstance, query: OpsTicketsQuery): Promise<OpsTicketTable> {
  await checkReferences(app, query)
  const now = app.clock.now()
  const page = query.page ?? 1
  const pageSize = query.pageSize ?? 50
  const counted = applyFilters(app.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')), query, now)
  const [rows, total] = await Promise.all([
    opsTicketRows(app.db, now, (select) => applySort(applyFilters(select, query, now), query.sort).limit(pageSize).offset((page - 1) * pageSize)),
    counted.executeTakeFirstOrThrow(),
  ])
  return { items: rows.map((row) => inCoordSystem(row, query.coordSystem)), total: Number(total.n), page, pageSize }
}

/** The filtered queue without paging (CSV export), capped at `max` rows. */
export async function exportOpsTickets(app: FastifyInstance, query: OpsExportQuery, max: number): Promise<OpsTicketRow[]> {
  await checkReferences(app, query)
  const now = app.clock.now()
  const rows = await opsTicketRows(app.db, now, (select) => applySort(applyFilters(select, query, now), query.sort).limit(max))
  return rows.map((row) => inCoordSystem(row, query.coordSystem))
}
