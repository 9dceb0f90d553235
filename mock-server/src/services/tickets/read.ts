/**
 * Reading tickets. Who may see what: the reporter sees everything, staff see everything,
 * followers see the public view (services/tickets/public-view: rounded location, the public copy
 * of the description only if the resident shared it, no resident photos, no address note, no
 * rating comment, no resident names), anyone else gets a 404 as if the ticket did not exist.
 */
import type { FastifyInstance } from 'fastify'
import { METERS_PER_DEGREE_LAT, metersPerDegreeLng } from '@contract/geo-basics'
import { OPEN_STATUSES, REOPEN_WINDOW_DAYS, RESIDENT_FILTER_STATUSES, TICKET_STATUSES, isOpen, type TicketStatus } from '@contract/lifecycle'
import type { CoordSystem, ResolvedAddress } from '@contract/schemas'
import type { ListTicketsQuery, NearbyQuery, NearbyTicket, TicketDetail, TicketPage, TicketSummary } from '@contract/tickets'
import type { Photo } from '@contract/uploads'
import type { TicketEventRow, TicketRow, UploadRow } from '../../db/schema'
import { ApiError } from '../../lib/api-error'
import { DAY } from '../../lib/clock'
import { distanceMeters, fromWgs84, toWgs84 } from '../../lib/coords'
import { nearestFirst, withinMetres } from '../../db/postgis'
import { DISTRICT_NAME } from '../../lib/district'
import type { SessionUser } from '../auth'
import { decodeCursor, pageOf } from '../pagination'
import { MEDIA_PREFIX, thumbFileName } from '../uploads'
import { firstPhotoId, TICKET_CARD_COLUMNS, TICKET_TIMELINE_COLUMNS, ticketsWithCategory } from './columns'
import { RESIDENT_PHOTOS_PUBLIC, isPubliclyListed, publicDescription, publicEventPhotos, publicNote, publicPoint } from './public-view'

type Relation = TicketSummary['relation']

/** A list thumbnail: the first photo's protected copy (firstPhotoId, columns.ts); lists show it to everyone. */
const thumbUrlOf = (uploadId: string | null) => (uploadId ? MEDIA_PREFIX + thumbFileName(uploadId) : null)

export function isOverdue(ticket: Pick<TicketRow, 'status' | 'due_at'>, now: Date): boolean {
  return isOpen(ticket.status) && ticket.due_at < now.toISOString()
}

export function addressText(ticket: Pick<TicketRow, 'street' | 'community'>): string {
  return `${DISTRICT_NAME}${ticket.street}${ticket.community}`
}

async function relationOf(app: FastifyInstance, ticket: Pick<TicketRow, 'id' | 'reporter_id'>, viewer: SessionUser): Promise<Relation | null> {
  if (viewer.role !== 'resident') return 'staff'
  if (ticket.reporter_id === viewer.id) return 'reporter'
  const follow = await app.db
    .selectFrom('ticket_followers')
    .select('user_id')
    .where('ticket_id', '=', ticket.id)
    .where('user_id', '=', viewer.id)
    .executeTakeFirst()
  return follow ? 'follower' : null
}

/** A ticket row with what the detail joins to it. */
export type DetailTicketRow = TicketRow & { category_name: string; assignee_name: string | null }

const lastResolveOf = (events: readonly TicketEventRow[]) => [...events].reverse().find((event) => event.type === 'resolved')

export async function getTicketDetail(
  app: FastifyInstance,
  ticketId: number,
  viewer: SessionUser,
  coordSystem: CoordSystem = 'gcj02',
): Promise<TicketDetail> {
  const ticket = await app.db
    .selectFrom('tickets')
    .innerJoin('categories', 'categories.id', 'tickets.category_id')
    .leftJoin('users as assignee', 'assignee.id', 'tickets.assignee_id')
    .selectAll('tickets')
    .select(['categories.name as category_name', 'assignee.display_name as assignee_name'])
    .where('tickets.id', '=', ticketId)
    .executeTakeFirst()
  if (!ticket) throw ApiError.notFound('Ticket')
  const relation = await relationOf(app, ticket, viewer)
  if (!relation) throw ApiError.notFound('Ticket')
  if (relation === 'follower' && !isPubliclyListed(ticket)) throw ApiError.notFound('Ticket')

  const [events, uploads] = await Promise.all([
    app.db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute(),
    uploadsOf(app, ticketId),
  ])
  const lastResolve = lastResolveOf(events)
  const resolveFlag = relation === 'staff' && lastResolve ? await farFromSiteFlag(app, lastResolve.id) : undefined
  return toTicketDetail(app, { ticket, events, uploads, relation, viewer, coordSystem, resolveFlag })
}

const uploadsOf = (app: FastifyInstance, ticketId: number) =>
  app.db.selectFrom('uploads').selectAll().where('ticket_id', '=', ticketId).orderBy('created_at').execute()

/**
 * The answer to a filing, built from the rows the filing's transaction wrote (the ticket and its
 * first event), not read back (#19): what GET /api/tickets/:id answers the reporter right after.
 * Only attached photos are read (their protected copies are the privacy service's).
 */
export async function newTicketDetail(
  app: FastifyInstance,
  filed: { ticket: TicketRow; categoryName: string; event: TicketEventRow; photoIds: readonly string[]; address: ResolvedAddress },
  viewer: SessionUser,
  coordSystem: CoordSystem = 'gcj02',
): Promise<TicketDetail> {
  const uploads = filed.photoIds.length ? await uploadsOf(app, filed.ticket.id) : []
  return toTicketDetail(app, {
    // A new ticket has no assignee yet.
    ticket: { ...filed.ticket, category_name: filed.categoryName, assignee_name: null },
    events: [filed.event],
    uploads,
    // Its reporter (relationOf without a query: the viewer filed it), or staff filing for someone.
    relation: viewer.role !== 'resident' ? 'staff' : 'reporter',
    viewer,
    coordSystem,
    address: filed.address,
  })
}

/** The detail as `viewer` (whose relation to the ticket is known) sees it; no queries. */
function toTicketDetail(
  app: FastifyInstance,
  {
    ticket,
    events,
    uploads,
    relation,
    viewer,
    coordSystem,
    resolveFlag,
    address,
  }: {
    ticket: DetailTicketRow
    events: readonly TicketEventRow[]
    uploads: readonly UploadRow[]
    relation: Relation
    viewer: SessionUser
    coordSystem: CoordSystem
    resolveFlag?: TicketDetail['resolveFlag']
    /** The address when the caller resolved it already (a new ticket). */
    address?: ResolvedAddress
  },
): TicketDetail {
  const publicView = relation === 'follower'
  const grid = address ?? app.geo.resolve({ lat: ticket.lat, lng: ticket.lng })
  const photosByEvent = new Map<number, Photo[]>()
  for (const upload of uploads) {
    const list = photosByEvent.get(upload.event_id ?? 0) ?? []
    // The uploader and staff get the original; anyone else the protected copy, or nothing yet (#20).
    const photo = app.privacy.photoFor(upload, viewer)
    if (photo) list.push(photo)
    photosByEvent.set(upload.event_id ?? 0, list)
  }
  const createdEvent = events.find((event) => event.type === 'created')
  const lastResolve = lastResolveOf(events)

  const now = app.clock.now()
  const reopenUntil =
    ticket.status === 'resolved' && ticket.resolved_at
      ? new Date(Date.parse(ticket.resolved_at) + REOPEN_WINDOW_DAYS * DAY).toISOString()
      : null
  const isReporter = relation === 'reporter'

  return {
    id: ticket.id,
    number: ticket.number,
    status: ticket.status,
    categoryId: ticket.category_id,
    categoryName: ticket.category_name,
    description: publicView ? (publicDescription(ticket) ?? '') : ticket.description,
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at,
    dueAt: ticket.due_at,
    overdue: isOverdue(ticket, now),
    escalated: ticket.escalated_at !== null,
    followerCount: ticket.follower_count,
    location: publicView
      ? publicPoint(fromWgs84({ lat: ticket.lat, lng: ticket.lng }, coordSystem))
      : fromWgs84({ lat: ticket.lat, lng: ticket.lng }, coordSystem),
    address: grid ?? {
      street: ticket.street,
      community: ticket.community,
      gridId: ticket.grid_id,
      gridName: ticket.grid_id,
      text: addressText(ticket),
    },
    addressNote: publicView ? null : ticket.address_note,
    photos: publicView ? publicEventPhotos((createdEvent && photosByEvent.get(createdEvent.id)) ?? [], 'resident') : ((createdEvent && photosByEvent.get(createdEvent.id)) ?? []),
    afterPhotos: (lastResolve && photosByEvent.get(lastResolve.id)) ?? [],
    resolvedAt: ticket.resolved_at,
    closedAt: ticket.closed_at,
    reopenCount: ticket.reopen_count,
    assignee: ticket.assignee_id && ticket.assignee_name ? { id: ticket.assignee_id, name: ticket.assignee_name } : null,
    rating:
      ticket.rating_score === null
        ? null
        : {
            score: ticket.rating_score,
            tags: JSON.parse(ticket.rating_tags ?? '[]') as string[],
            comment: publicView ? '' : (ticket.rating_comment ?? ''),
            at: ticket.rated_at ?? ticket.updated_at,
          },
    relation,
    following: relation === 'follower',
    canRate: isReporter && ticket.status === 'resolved' && ticket.rating_score === null,
    canReopen: isReporter && reopenUntil !== null && now.toISOString() < reopenUntil,
    reopenUntil,
    rejectReason: (ticket.reject_reason as TicketDetail['rejectReason']) ?? null,
    source: ticket.source,
    events: events.map((event) => ({
      id: event.id,
      type: event.type,
      actorRole: event.actor_role,
      // Residents stay anonymous to each other.
      actorName: event.actor_role === 'resident' && publicView && event.actor_id !== viewer.id ? '市民' : event.actor_name,
      at: event.created_at,
      note: publicView ? publicNote(event.note, event.actor_role) : event.note,
      status: event.to_status,
      photos: publicView ? publicEventPhotos(photosByEvent.get(event.id) ?? [], event.actor_role) : (photosByEvent.get(event.id) ?? []),
    })),
    ...(resolveFlag ? { resolveFlag } : {}),
  }
}

/** Staff see when a resolve's after-photos were taken far from the ticket (worker mode, #12). */
async function farFromSiteFlag(app: FastifyInstance, eventId: number): Promise<TicketDetail['resolveFlag']> {
  const row = await app.db.selectFrom('work_resolutions').select(['far_photos', 'max_distance_m']).where('event_id', '=', eventId).executeTakeFirst()
  return row && row.far_photos > 0 ? { farPhotos: row.far_photos, maxDistanceMeters: Math.round(row.max_distance_m ?? 0) } : undefined
}

function statusesOf(filter: ListTicketsQuery['status']): readonly TicketStatus[] {
  if (!filter) return TICKET_STATUSES
  if (filter in RESIDENT_FILTER_STATUSES) return RESIDENT_FILTER_STATUSES[filter as keyof typeof RESIDENT_FILTER_STATUSES]
  return [filter as TicketStatus]
}

/** Filters only the staff queue uses. */
export interface StaffFilters {
  assigneeId?: number
  overdueOnly?: boolean
}

/** A resident's tickets (reported or followed) or, for staff, the queue; newest first. */
export async function listTickets(
  app: FastifyInstance,
  viewer: SessionUser,
  query: ListTicketsQuery,
  staff: StaffFilters = {},
): Promise<TicketPage> {
  const limit = query.limit ?? 20
  const before = decodeCursor(query.cursor)
  const scope = query.scope ?? 'mine'
  if (scope === 'all' && viewer.role === 'resident') throw new ApiError(403, 'FORBIDDEN', 'scope=all is for staff')
  const statuses = statusesOf(query.status)
  let select = ticketsWithCategory(app.db)
    .leftJoin('ticket_followers as f', (join) => join.onRef('f.ticket_id', '=', 'tickets.id').on('f.user_id', '=', viewer.id))
    .select([
      ...TICKET_CARD_COLUMNS,
      ...TICKET_TIMELINE_COLUMNS,
      'tickets.reporter_id',
      'tickets.rating_score',
      'tickets.share_public',
      'tickets.moderation',
      'f.user_id as follower_id',
    ])
    .select(firstPhotoId)
    .where('tickets.status', 'in', statuses)
  if (scope !== 'all') {
    // The viewer's ticket ids through the two indexes (reporter_id, id) and (user_id, ticket_id):
    // an OR in the outer WHERE would make SQLite walk every ticket, newest first.
    const followed = app.db
      .selectFrom('ticket_followers as tf')
      .innerJoin('tickets as ft', 'ft.id', 'tf.ticket_id')
      .select('ft.id')
      .where('tf.user_id', '=', viewer.id)
      .where('ft.status', 'in', statuses)
    const reported = app.db.selectFrom('tickets as rt').select('rt.id').where('rt.reporter_id', '=', viewer.id).where('rt.status', 'in', statuses)
    select = select.where('tickets.id', 'in', scope === 'mine' ? reported.union(followed) : followed)
  }
  if (before) select = select.where('tickets.id', '<', before)
  if (staff.assigneeId !== undefined) select = select.where('tickets.assignee_id', '=', staff.assigneeId)
  const now = app.clock.now()
  if (staff.overdueOnly) select = select.where('tickets.status', 'in', OPEN_STATUSES).where('tickets.due_at', '<', now.toISOString())
  const rows = await select.orderBy('tickets.id', 'desc').limit(limit + 1).execute()
  return pageOf(rows, limit, (row) => {
    // Followed, not reported: the public view of it.
    const follower = viewer.role === 'resident' && row.reporter_id !== viewer.id
    return {
      id: row.id,
      number: row.number,
      status: row.status,
      categoryId: row.category_id,
      categoryName: row.category_name,
      description: follower ? (publicDescription(row) ?? '') : row.description,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      dueAt: row.due_at,
      overdue: isOverdue(row, now),
      escalated: row.escalated_at !== null,
      followerCount: row.follower_count,
      addressText: addressText(row),
      thumbUrl: follower && !RESIDENT_PHOTOS_PUBLIC ? null : thumbUrlOf(row.first_photo_id),
      relation: viewer.role !== 'resident' ? 'staff' : row.reporter_id === viewer.id ? 'reporter' : 'follower',
      rated: row.rating_score !== null,
    } as const
  })
}

/** Open tickets near a point, public fields only, for duplicate checks and the public map. */
export async function nearbyTickets(app: FastifyInstance, query: NearbyQuery): Promise<NearbyTicket[]> {
  const coordSystem = query.coordSystem ?? 'gcj02'
  const center = toWgs84({ lat: query.lat, lng: query.lng, coordSystem })
  const radius = query.radius ?? 100
  const dLat = radius / METERS_PER_DEGREE_LAT
  const dLng = radius / metersPerDegreeLng(center.lat)
  let select = app.db
    .selectFrom('tickets')
    .innerJoin('categories', 'categories.id', 'tickets.category_id')
    .select([
      'tickets.id',
      'tickets.number',
      'tickets.status',
      'tickets.category_id',
      'categories.name as category_name',
      'tickets.lat',
      'tickets.lng',
      'tickets.created_at',
      'tickets.follower_count',
    ])
    .select(firstPhotoId)
    .where('tickets.status', 'in', OPEN_STATUSES)
    .where('tickets.moderation', '!=', 'hidden')
  select =
    app.dialect === 'postgres'
      ? // PostGIS (migration 009): the GiST index, nearest first, so the 500 kept are the nearest.
        select.where(withinMetres('tickets', center, radius)).orderBy(nearestFirst('tickets', center))
      : select
          .where('tickets.lat', '>=', center.lat - dLat)
          .where('tickets.lat', '<=', center.lat + dLat)
          .where('tickets.lng', '>=', center.lng - dLng)
          .where('tickets.lng', '<=', center.lng + dLng)
  if (query.categoryId) select = select.where('tickets.category_id', '=', query.categoryId)
  const rows = await select.limit(500).execute()
  return rows
    .map((row) => ({ row, distance: distanceMeters(center, { lat: row.lat, lng: row.lng }) }))
    .filter(({ distance }) => distance <= radius)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, query.limit ?? 20)
    .map(({ row, distance }) => {
      const point = fromWgs84({ lat: row.lat, lng: row.lng }, coordSystem)
      return {
        id: row.id,
        number: row.number,
        status: row.status,
        categoryId: row.category_id,
        categoryName: row.category_name,
        // ~10 m: enough to find the spot, not enough to single out a doorway.
        location: publicPoint(point),
        distanceMeters: Math.round(distance / 10) * 10,
        createdAt: row.created_at,
        followerCount: row.follower_count,
        // The first photo is the resident's: public only as a protected copy (public-view).
        thumbUrl: RESIDENT_PHOTOS_PUBLIC ? thumbUrlOf(row.first_photo_id) : null,
      }
    })
}
