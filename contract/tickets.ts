/** Tickets: what residents file and follow, and what staff work on. */
import { Type, type Static } from '@sinclair/typebox'
import { RATING_MAX, REJECT_REASONS, TICKET_EVENT_TYPES, TICKET_STATUSES, RESIDENT_FILTERS, USER_ROLES } from './lifecycle'
import { CoordSystemQuery, LocationInput, Paging, Point, ResolvedAddress, StringEnum } from './schemas'
import { Photo } from './uploads'

import { ADDRESS_NOTE_MAX, DESCRIPTION_MAX, NOTE_MAX, PHOTOS_MAX, RATING_COMMENT_MAX, RATING_TAGS_MAX, REASON_MIN } from './limits'

export { DESCRIPTION_MAX, NOTE_MAX, PHOTOS_MAX }

export const CreateTicketBody = Type.Object(
  {
    categoryId: Type.String({ minLength: 1, maxLength: 64 }),
    description: Type.String({ maxLength: DESCRIPTION_MAX, description: 'May be empty when photos are attached' }),
    photoIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: PHOTOS_MAX, default: [] }),
    location: LocationInput,
    address: Type.Optional(Type.String({ maxLength: ADDRESS_NOTE_MAX, description: 'What the resident adds, e.g. 门牌 or landmark' })),
    sharePublicly: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          'Show my description to others (followers, the public map, Open311), with phone, ID and plate numbers removed. ' +
          'Default private: others see only the category, status, times, a location rounded to ~10 m and the after-photos',
      }),
    ),
    facilityId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'The public toilet or garbage point the problem is at (a report made from its page)' }),
    ),
  },
  { additionalProperties: false },
)
export type CreateTicketBody = Static<typeof CreateTicketBody>

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({
    minLength: 8,
    maxLength: 128,
    pattern: '^[A-Za-z0-9_.:-]+$',
    description: 'One key per draft: a retry with the same key returns the same ticket (200) instead of a new one',
  }),
})

export const TicketEvent = Type.Object({
  id: Type.Integer(),
  type: StringEnum(TICKET_EVENT_TYPES),
  actorRole: StringEnum([...USER_ROLES, 'system'] as const),
  actorName: Type.String(),
  at: Type.String({ format: 'date-time' }),
  note: Type.Union([Type.String(), Type.Null()]),
  status: StringEnum(TICKET_STATUSES, { description: 'Status after the event' }),
  photos: Type.Array(Photo),
})
export type TicketEvent = Static<typeof TicketEvent>

export const Rating = Type.Object({
  score: Type.Integer({ minimum: 1, maximum: 5 }),
  tags: Type.Array(Type.String()),
  comment: Type.String(),
  at: Type.String({ format: 'date-time' }),
})
export type Rating = Static<typeof Rating>

export const TICKET_RELATIONS = ['reporter', 'follower', 'staff'] as const

const ticketCore = {
  id: Type.Integer(),
  number: Type.String({ examples: ['BY20261125-0007'] }),
  status: StringEnum(TICKET_STATUSES),
  categoryId: Type.String(),
  categoryName: Type.String(),
  description: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  dueAt: Type.String({ format: 'date-time', description: 'Created time + the category SLA' }),
  overdue: Type.Boolean({ description: 'Open and past its due time' }),
  escalated: Type.Boolean({ description: 'An escalation (督办) has been written' }),
  followerCount: Type.Integer(),
}

export const TicketSummary = Type.Object({
  ...ticketCore,
  addressText: Type.String(),
  thumbUrl: Type.Union([Type.String(), Type.Null()]),
  relation: StringEnum(TICKET_RELATIONS),
  rated: Type.Boolean(),
})
export type TicketSummary = Static<typeof TicketSummary>

export const TicketPage = Type.Object({
  items: Type.Array(TicketSummary),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})
export type TicketPage = Static<typeof TicketPage>

export const TicketDetail = Type.Object({
  ...ticketCore,
  location: Point,
  address: ResolvedAddress,
  addressNote: Type.Union([Type.String(), Type.Null()]),
  photos: Type.Array(Photo, { description: "The reporter's before-photos" }),
  afterPhotos: Type.Array(Photo, { description: "The worker's after-photos" }),
  resolvedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  reopenCount: Type.Integer(),
  assignee: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]),
  rating: Type.Union([Rating, Type.Null()]),
  relation: StringEnum(TICKET_RELATIONS),
  following: Type.Boolean(),
  canRate: Type.Boolean(),
  canReopen: Type.Boolean(),
  reopenUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  rejectReason: Type.Union([StringEnum(REJECT_REASONS), Type.Null()]),
  source: StringEnum(['app', 'open311', 'facility'] as const),
  events: Type.Array(TicketEvent),
  resolveFlag: Type.Optional(
    Type.Object(
      { farPhotos: Type.Integer(), maxDistanceMeters: Type.Integer() },
      { description: 'Staff only: the last resolve had after-photos taken more than 200 m from the ticket' },
    ),
  ),
})
export type TicketDetail = Static<typeof TicketDetail>

export const TicketIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })

export const TicketQuery = Type.Object(
  {
    coordSystem: Type.Optional(CoordSystemQuery),
  },
  { additionalProperties: false },
)

export const ListTicketsQuery = Type.Object(
  {
    scope: Type.Optional(StringEnum(['mine', 'following', 'all'] as const, { description: 'mine = reported or followed' })),
    status: Type.Optional(StringEnum([...TICKET_STATUSES, ...RESIDENT_FILTERS] as const, {
      description: 'A status, or a resident filter: all, processing, to_rate, done',
    })),
    ...Paging,
  },
  { additionalProperties: false },
)
export type ListTicketsQuery = Static<typeof ListTicketsQuery>

export const RatingBody = Type.Object(
  {
    score: Type.Integer({ minimum: 1, maximum: RATING_MAX }),
    tags: Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: RATING_TAGS_MAX, default: [] }),
    comment: Type.String({ maxLength: RATING_COMMENT_MAX, default: '' }),
  },
  { additionalProperties: false },
)
export type RatingBody = Static<typeof RatingBody>

export const ReopenBody = Type.Object(
  { reason: Type.String({ minLength: REASON_MIN, maxLength: NOTE_MAX, description: 'Why the problem is not fixed' }) },
  { additionalProperties: false },
)
export type ReopenBody = Static<typeof ReopenBody>

export const NearbyQuery = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    coordSystem: Type.Optional(CoordSystemQuery),
    radius: Type.Optional(Type.Integer({ minimum: 10, maximum: 2000, default: 100, description: 'Metres' })),
    categoryId: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
)
export type NearbyQuery = Static<typeof NearbyQuery>

/** Public view of an open ticket: no reporter, no description, location rounded to ~10 m. */
export const NearbyTicket = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  status: StringEnum(TICKET_STATUSES),
  categoryId: Type.String(),
  categoryName: Type.String(),
  location: Point,
  distanceMeters: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  followerCount: Type.Integer(),
  thumbUrl: Type.Union([Type.String(), Type.Null()]),
})
export type NearbyTicket = Static<typeof NearbyTicket>

export const NearbyList = Type.Object({ items: Type.Array(NearbyTicket) })

export const FollowResponse = Type.Object({ following: Type.Boolean(), followerCount: Type.Integer() })

export const TrackPoint = Type.Object({ lat: Type.Number(), lng: Type.Number(), at: Type.String({ format: 'date-time' }) })
export const WorkerTrack = Type.Object({
  worker: Type.Union([Type.Object({ name: Type.String() }), Type.Null()]),
  points: Type.Array(TrackPoint),
})
export type WorkerTrack = Static<typeof WorkerTrack>

/* ---------- messages ---------- */

export const Message = Type.Object({
  id: Type.Integer(),
  ticketId: Type.Integer(),
  ticketNumber: Type.String(),
  title: Type.String(),
  body: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  read: Type.Boolean(),
})
export type Message = Static<typeof Message>

export const MessagePage = Type.Object({
  items: Type.Array(Message),
  unread: Type.Integer(),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})
export type MessagePage = Static<typeof MessagePage>

export const MarkReadBody = Type.Object(
  {
    ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 200 })),
    all: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

/* ---------- staff ---------- */

export const OpsQueueQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(TICKET_STATUSES)),
    mine: Type.Optional(Type.Boolean({ description: 'Workers: only tickets assigned to me' })),
    overdue: Type.Optional(Type.Boolean()),
    ...Paging,
  },
  { additionalProperties: false },
)

export const DispatchBody = Type.Object(
  { workerId: Type.Optional(Type.Integer({ minimum: 1, description: 'Omit to pick the nearest on-duty worker of the grid' })), note: Type.Optional(Type.String({ maxLength: NOTE_MAX })) },
  { additionalProperties: false },
)
export const NoteBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: NOTE_MAX })) }, { additionalProperties: false })
export const ResolveBody = Type.Object(
  {
    note: Type.String({ minLength: REASON_MIN, maxLength: NOTE_MAX, description: 'Rectification notes (整改说明)' }),
    photoIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: PHOTOS_MAX, description: 'After-photos' }),
  },
  { additionalProperties: false },
)
export const RejectBody = Type.Object(
  { reason: StringEnum(REJECT_REASONS), note: Type.Optional(Type.String({ maxLength: NOTE_MAX })) },
  { additionalProperties: false },
)
export const PositionBody = Type.Object(
  { location: LocationInput, ticketId: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
)
export const OnDutyBody = Type.Object({ onDuty: Type.Boolean() }, { additionalProperties: false })

export const Worker = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  gridId: Type.Union([Type.String(), Type.Null()]),
  onDuty: Type.Boolean(),
  location: Type.Union([Point, Type.Null()]),
  activeTickets: Type.Integer(),
})
export type Worker = Static<typeof Worker>
