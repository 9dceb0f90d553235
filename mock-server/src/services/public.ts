/**
 * The public map and the transparency page (#15). Every ticket field that leaves here goes
 * through ONE function, `toPublicTicket`, built on services/tickets/public-view (rounded location,
 * shared-and-moderated description only, photos only as protected copies through photoFor, no
 * reporter, no names, no contact, no track). Rejected, held and hidden reports are not public here.
 *
 * The figures are the console's KPIs (app.kpi, services/kpi.ts): same service, same definitions.
 */
import type { FastifyInstance } from 'fastify'
import { OPEN_STATUSES, ROLE_LABELS, isOpen, type TicketStatus } from '@contract/lifecycle'
import type { PublicMapAnswer, PublicMapItem, PublicMapQuery, PublicStatsAnswer, PublicStatsQuery, PublicTicket } from '@contract/public'
import { PUBLIC_MAP_LIMIT, type PublicMapState } from '@contract/public-stats'
import type { CoordSystem } from '@contract/schemas'
import type { Photo } from '@contract/uploads'
import type { TicketRow, UploadRow } from '../db/schema'
import { ApiError } from '../lib/api-error'
import { addChinaDays, chinaDate } from '../lib/china-time'
import { DAY, HOUR } from '../lib/clock'
import { fromWgs84, toWgs84 } from '../lib/coords'
import type { SessionUser } from './auth'
import { publicDescription, publicEventPhotos, publicNote, publicPoint } from './tickets/public-view'

const FIXED_STATUSES: readonly TicketStatus[] = ['resolved', 'closed']
const MAX_BBOX_SIDE_DEGREES = 0.5

type PublicRow = Pick<
  TicketRow,
  'id' | 'number' | 'category_id' | 'status' | 'street' | 'community' | 'lat' | 'lng' | 'created_at' | 'resolved_at' | 'follower_count' | 'moderation'
> & { category_name: string }

const PUBLIC_COLUMNS = [
  'tickets.id',
  'tickets.number',
  'tickets.category_id',
  'categories.name as category_name',
  'tickets.status',
  'tickets.street',
  'tickets.community',
  'tickets.lat',
  'tickets.lng',
  'tickets.created_at',
  'tickets.resolved_at',
  'tickets.follower_count',
  'tickets.moderation',
] as const

/** Is a ticket on the public map / public view at all? Rejected, held and hidden ones are not. */
export function isPublicReport(ticket: Pick<TicketRow, 'status' | 'moderation'>): boolean {
  return ticket.status !== 'rejected' && ticket.moderation === 'ok'
}

/** THE public form of a ticket: every public answer of #15 is built from it. */
export function toPublicTicket(row: PublicRow, coordSystem: CoordSystem): PublicMapItem {
  const state: PublicMapState = isOpen(row.status) ? 'open' : 'fixed'
  const fixHours = row.resolved_at && state === 'fixed' ? Math.round(((Date.parse(row.resolved_at) - Date.parse(row.created_at)) / HOUR) * 10) / 10 : null
  return {
    id: row.id,
    number: row.number,
    categoryId: row.category_id,
    categoryName: row.category_name,
    status: row.status,
    state,
    street: row.street,
    community: row.community,
    location: publicPoint(fromWgs84({ lat: row.lat, lng: row.lng }, coordSystem)),
    createdAt: row.created_at,
    resolvedAt: state === 'fixed' ? row.resolved_at : null,
    fixHours,
    followerCount: row.follower_count,
  }
}

function parseBbox(bbox: string, coordSystem: CoordSystem) {
  const [minLng, minLat, maxLng, maxLat] = bbox.split(',').map(Number)
  if (!(minLng < maxLng && minLat < maxLat)) throw ApiError.invalidField('querystring.bbox', 'must be minLng,minLat,maxLng,maxLat with min < max')
  if (maxLng - minLng > MAX_BBOX_SIDE_DEGREES || maxLat - minLat > MAX_BBOX_SIDE_DEGREES) {
    throw ApiError.invalidField('querystring.bbox', `may span at most ${MAX_BBOX_SIDE_DEGREES}° a side: zoom in`)
  }
  if (minLat < -90 || maxLat > 90 || minLng < -180 || maxLng > 180) throw ApiError.invalidField('querystring.bbox', 'is outside the globe')
  // GCJ-02 is a shift of a few hundred metres: convert both corners, widen by a margin, re-check after.
  const sw = toWgs84({ lat: minLat, lng: minLng, coordSystem })
  const ne = toWgs84({ lat: maxLat, lng: maxLng, coordSystem })
  return { minLat, minLng, maxLat, maxLng, wgs: { minLat: sw.lat - 0.01, minLng: sw.lng - 0.01, maxLat: ne.lat + 0.01, maxLng: ne.lng + 0.01 } }
}

/** Open and recently fixed reports in the visible area, newest first, at most PUBLIC_MAP_LIMIT. */
export async function publicMap(app: FastifyInstance, query: PublicMapQuery): Promise<PublicMapAnswer> {
  const coordSystem = query.coordSystem ?? 'gcj02'
  const box = parseBbox(query.bbox, coordSystem)
  const days = query.days ?? 30
  const since = new Date(app.clock.now().getTime() - days * DAY).toISOString()
  let select = app.db
    .selectFrom('tickets')
    .innerJoin('categories', 'categories.id', 'tickets.category_id')
    .select(PUBLIC_COLUMNS)
    .where('tickets.moderation', '=', 'ok')
    .where('tickets.lat', '>=', box.wgs.minLat)
    .where('tickets.lat', '<=', box.wgs.maxLat)
    .where('tickets.lng', '>=', box.wgs.minLng)
    .where('tickets.lng', '<=', box.wgs.maxLng)
    .where((eb) => {
      const open = eb.and([eb('tickets.status', 'in', OPEN_STATUSES), eb('tickets.created_at', '>=', since)])
      const fixed = eb.and([eb('tickets.status', 'in', FIXED_STATUSES), eb('tickets.resolved_at', '>=', since)])
      return query.state === 'open' ? open : query.state === 'fixed' ? fixed : eb.or([open, fixed])
    })
  if (query.category) select = select.where('tickets.category_id', '=', query.category)
  const rows = await select.orderBy('tickets.id', 'desc').limit(PUBLIC_MAP_LIMIT * 2 + 1).execute()
  const items = rows
    .filter(isPublicReport)
    .map((row) => toPublicTicket(row, coordSystem))
    .filter(({ location: p }) => p.lat >= box.minLat && p.lat <= box.maxLat && p.lng >= box.minLng && p.lng <= box.maxLng)
  return { items: items.slice(0, PUBLIC_MAP_LIMIT), truncated: items.length > PUBLIC_MAP_LIMIT || rows.length > PUBLIC_MAP_LIMIT * 2 }
}

/** One report's public page: the public form, the public timeline (roles, never names), 我也遇到. */
export async function publicTicket(app: FastifyInstance, id: number, viewer: SessionUser | null, coordSystem: CoordSystem = 'gcj02'): Promise<PublicTicket> {
  const row = await app.db
    .selectFrom('tickets')
    .innerJoin('categories', 'categories.id', 'tickets.category_id')
    .select(PUBLIC_COLUMNS)
    .select(['tickets.description', 'tickets.share_public', 'tickets.due_at', 'tickets.reporter_id'])
    .where('tickets.id', '=', id)
    .executeTakeFirst()
  if (!row || !isPublicReport(row)) throw ApiError.notFound('Ticket')
  const [events, uploads, follow] = await Promise.all([
    app.db.selectFrom('ticket_events').select(['id', 'type', 'actor_role', 'note', 'created_at']).where('ticket_id', '=', id).orderBy('id').execute(),
    app.db.selectFrom('uploads').selectAll().where('ticket_id', '=', id).orderBy('created_at').execute(),
    viewer
      ? app.db.selectFrom('ticket_followers').select('user_id').where('ticket_id', '=', id).where('user_id', '=', viewer.id).executeTakeFirst()
      : Promise.resolve(undefined),
  ])
  const shared = row.share_public === 1
  // Everyone here is "the public": protected copies only (null viewer), or nothing while pending.
  const photosOf = (eventId: number | null, actorRole: string): Photo[] =>
    publicEventPhotos(
      uploads.filter((u: UploadRow) => (u.event_id ?? 0) === (eventId ?? 0)).map((u) => app.privacy.photoFor(u, null)).filter((p): p is Photo => p !== null),
      actorRole,
    )
  const created = events.find((e) => e.type === 'created')
  const lastResolve = [...events].reverse().find((e) => e.type === 'resolved')
  const following = Boolean(follow) || (viewer !== null && viewer.id === row.reporter_id)
  return {
    ...toPublicTicket(row, coordSystem),
    description: publicDescription(row),
    dueAt: row.due_at,
    // Residents' photos only when they shared the report, and only as protected copies.
    photos: shared && created ? photosOf(created.id, 'resident') : [],
    afterPhotos: lastResolve ? photosOf(lastResolve.id, 'worker') : [],
    events: events.map((e) => ({
      type: e.type,
      actorRole: e.actor_role,
      actorLabel: ROLE_LABELS[e.actor_role],
      at: e.created_at,
      note: publicNote(e.note, e.actor_role),
      photos: e.actor_role === 'resident' ? (shared ? photosOf(e.id, 'resident') : []) : photosOf(e.id, e.actor_role),
    })),
    following,
    canFollow: isOpen(row.status) && !following,
  }
}

/**
 * The transparency page's figures for the district or one street over the last 7/30/90 days,
 * from app.kpi (the console's service): the street's own computation, and the district's for the
 * ranking. No ticket, no person: counts and rates only.
 */
export async function publicStats(app: FastifyInstance, query: PublicStatsQuery): Promise<PublicStatsAnswer> {
  const period = query.period ?? 30
  const streets = app.geo.streets.map((s) => s.name)
  if (query.street !== undefined && !streets.includes(query.street)) throw ApiError.invalidField('querystring.street', `no street named "${query.street}" in the district`)
  const now = app.clock.now()
  const to = chinaDate(now)
  const from = addChinaDays(to, -(period - 1))
  const [own, district] = await Promise.all([
    app.kpi.compute({ from, to, ...(query.street ? { street: query.street } : {}) }),
    query.street ? app.kpi.compute({ from, to }) : null,
  ])
  const t = own.totals
  const ranking = (district ?? own).ranking
  return {
    street: query.street ?? null,
    period,
    from,
    to,
    generatedAt: own.generatedAt,
    streets,
    figures: {
      received: t.created,
      resolved: t.resolvedInPeriod,
      open: t.createdCounted - t.createdResolved,
      onTimeRate: t.onTimeRate,
      medianResolveHours: t.medianResolveHours,
      satisfactionRate: t.satisfactionRate,
      reworkRate: t.reworkRate,
    },
    topCategories: own.byCategory
      .filter((c) => c.created > 0)
      .sort((a, b) => b.created - a.created)
      .slice(0, 5)
      .map((c) => ({ categoryId: c.categoryId, categoryName: c.categoryName, received: c.created })),
    trend: own.trend.map((d) => ({ day: d.day, received: d.created, resolved: d.resolvedInPeriod })),
    ranking: ranking.map((r) => ({ rank: r.rank, street: r.street, onTimeRate: r.onTimeRate, satisfactionRate: r.satisfactionRate, received: r.created })),
  }
}
