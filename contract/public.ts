/**
 * The public map and the transparency page (#15): TypeBox schemas. Nothing here names or
 * identifies a resident: see mock-server/src/services/tickets/public-view.ts for what is public.
 */
import { Type, type Static } from '@sinclair/typebox'
import { TICKET_EVENT_TYPES, TICKET_STATUSES, USER_ROLES } from './lifecycle'
import { PUBLIC_MAP_DAYS, PUBLIC_MAP_STATES, PUBLIC_STATS_PERIODS } from './public-stats'
import { COORD_SYSTEMS, Point, StringEnum } from './schemas'
import { Photo } from './uploads'

const literals = <T extends number>(values: readonly T[], description: string) =>
  Type.Union(values.map((value) => Type.Literal(value)), { description })

export const PublicMapQuery = Type.Object(
  {
    bbox: Type.String({
      pattern: '^-?\\d+(\\.\\d+)?(,-?\\d+(\\.\\d+)?){3}$',
      description: 'The visible area: minLng,minLat,maxLng,maxLat (in coordSystem); at most 0.5° a side',
    }),
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    state: Type.Optional(StringEnum(PUBLIC_MAP_STATES, { description: 'open or fixed; both when absent' })),
    days: Type.Optional(literals(PUBLIC_MAP_DAYS, 'Filed (open) or fixed (fixed) in the last 7 or 30 days; default 30')),
    coordSystem: Type.Optional(StringEnum(COORD_SYSTEMS, { description: 'Of bbox and of the answer (default gcj02)' })),
  },
  { additionalProperties: false },
)
export type PublicMapQuery = Static<typeof PublicMapQuery>

export const PublicMapItem = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  categoryId: Type.String(),
  categoryName: Type.String(),
  status: StringEnum(TICKET_STATUSES),
  state: StringEnum(PUBLIC_MAP_STATES),
  street: Type.String(),
  community: Type.String(),
  location: Type.Object({ ...Point.properties }, { description: 'Rounded to ~10 m' }),
  createdAt: Type.String({ format: 'date-time' }),
  resolvedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  fixHours: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { description: 'Filing → resolution, hours; null while open' }),
  followerCount: Type.Integer({ minimum: 0 }),
})
export type PublicMapItem = Static<typeof PublicMapItem>

export const PublicMapAnswer = Type.Object({
  items: Type.Array(PublicMapItem),
  truncated: Type.Boolean({ description: 'More reports in the area than returned: zoom in' }),
})
export type PublicMapAnswer = Static<typeof PublicMapAnswer>

export const PublicTicketParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })

export const PublicTimelineEvent = Type.Object({
  type: StringEnum(TICKET_EVENT_TYPES),
  actorRole: StringEnum([...USER_ROLES, 'system'] as const),
  actorLabel: Type.String({ description: 'A role, never a name: 市民 / 作业人员 / 调度员 / 系统' }),
  at: Type.String({ format: 'date-time' }),
  note: Type.Union([Type.String(), Type.Null()], { description: "Staff notes with personal data removed; residents' notes never" }),
  photos: Type.Array(Photo),
})

export const PublicTicket = Type.Object({
  ...PublicMapItem.properties,
  description: Type.Union([Type.String(), Type.Null()], { description: 'Only if the resident shared it, moderated, as the public copy' }),
  dueAt: Type.String({ format: 'date-time' }),
  photos: Type.Array(Photo, { description: "The resident's photos, as protected copies only" }),
  afterPhotos: Type.Array(Photo, { description: "The workers' after-photos" }),
  events: Type.Array(PublicTimelineEvent),
  following: Type.Boolean({ description: 'Whether the signed-in viewer follows it (false when anonymous)' }),
  canFollow: Type.Boolean({ description: 'Open, and the viewer is neither its reporter nor a follower' }),
})
export type PublicTicket = Static<typeof PublicTicket>

export const PublicStatsQuery = Type.Object(
  {
    street: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'A street or town of the district; the district when absent' })),
    period: Type.Optional(literals(PUBLIC_STATS_PERIODS, 'Days ending today (China time); default 30')),
  },
  { additionalProperties: false },
)
export type PublicStatsQuery = Static<typeof PublicStatsQuery>

const rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()])
const hours = Type.Union([Type.Number({ minimum: 0 }), Type.Null()])

export const PublicStatsFigures = Type.Object({
  received: Type.Integer(),
  resolved: Type.Integer(),
  open: Type.Integer(),
  onTimeRate: rate,
  medianResolveHours: hours,
  satisfactionRate: rate,
  reworkRate: rate,
})
export type PublicStatsFigures = Static<typeof PublicStatsFigures>

export const PublicStatsAnswer = Type.Object({
  street: Type.Union([Type.String(), Type.Null()]),
  period: Type.Integer(),
  from: Type.String(),
  to: Type.String(),
  generatedAt: Type.String({ format: 'date-time' }),
  streets: Type.Array(Type.String(), { description: 'Every street of the district, for the picker' }),
  figures: PublicStatsFigures,
  topCategories: Type.Array(Type.Object({ categoryId: Type.String(), categoryName: Type.String(), received: Type.Integer() })),
  trend: Type.Array(Type.Object({ day: Type.String(), received: Type.Integer(), resolved: Type.Integer() }), { description: 'The 30 days ending today' }),
  ranking: Type.Array(
    Type.Object({ rank: Type.Integer(), street: Type.String(), onTimeRate: rate, satisfactionRate: rate, received: Type.Integer() }),
    { description: 'Every street of the district for the period, as the console ranks them' },
  ),
})
export type PublicStatsAnswer = Static<typeof PublicStatsAnswer>
