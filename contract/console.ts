/**
 * The operator console (issue #11): staff sign-in, the server-paged queue, the drawer's actions,
 * the map layers, the KPI dashboard and the live event stream. Apps import these as types only.
 *
 * Coordinates are GCJ-02 unless `coordSystem=wgs84` is asked (like the rest of the API).
 * Console requests authenticate with the session cookie; every unsafe method then needs the
 * `X-CSRF-Token` header (the `csrfToken` from login or /me). Bearer tokens work too, without CSRF.
 */
import { Type, type Static } from '@sinclair/typebox'
import { KPI_MAX_PERIOD_DAYS } from './kpi'
import { TICKET_EVENT_TYPES, TICKET_STATUSES } from './lifecycle'
import { NOTE_MAX } from './limits'
import { User } from './auth'
import { CoordSystemQuery, Point, StringEnum } from './schemas'

/** Name of the HttpOnly session cookie and of the CSRF header. */
export { CONSOLE_COOKIE, CSRF_HEADER } from './console-session'

/** A calendar day in China time, YYYY-MM-DD. */
export const ChinaDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, a day in China time (UTC+8)', examples: ['2026-11-25'] })

/* ---------- staff sign-in ---------- */

export const StaffLoginBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64, description: 'Account name, e.g. dispatcher or worker-12' }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
)
export type StaffLoginBody = Static<typeof StaffLoginBody>

export const StaffSession = Type.Object({
  user: User,
  accountName: Type.Union([Type.String(), Type.Null()], { description: 'null when signed in with a bearer token of a user without an account' }),
  csrfToken: Type.Union([Type.String(), Type.Null()], {
    description: 'Send as X-CSRF-Token on every POST/PUT/PATCH/DELETE authenticated by the cookie; null for bearer sessions',
  }),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export type StaffSession = Static<typeof StaffSession>

/* ---------- the queue ---------- */

export const OPS_TICKET_SORTS = ['time_left', 'created_desc', 'created_asc', 'updated_desc'] as const
export type OpsTicketSort = (typeof OPS_TICKET_SORTS)[number]
export const OPS_PAGE_SIZE_MAX = 200

export const OpsTicketsQuery = Type.Object(
  {
    street: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Street/town name (街道/镇), e.g. 三元里街' })),
    gridId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    categoryId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    status: Type.Optional(
      Type.Array(StringEnum(TICKET_STATUSES), { maxItems: TICKET_STATUSES.length, description: 'One or more statuses (status=a&status=b); default all' }),
    ),
    open: Type.Optional(Type.Boolean({ description: 'Only open tickets (submitted … reopened)' })),
    overdue: Type.Optional(Type.Boolean({ description: 'true: open and past due; false: not overdue' })),
    from: Type.Optional(ChinaDate),
    to: Type.Optional(ChinaDate),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Text in the number, description or address' })),
    sort: Type.Optional(StringEnum(OPS_TICKET_SORTS, { description: 'time_left (default): open tickets by deadline first, then the rest' })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: OPS_PAGE_SIZE_MAX, default: 50 })),
    coordSystem: Type.Optional(CoordSystemQuery),
  },
  { additionalProperties: false },
)
export type OpsTicketsQuery = Static<typeof OpsTicketsQuery>

export const Assignee = Type.Object({ id: Type.Integer(), name: Type.String() })

/** One queue row; also the `ticket` of a live ticket event. */
export const OpsTicketRow = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  status: StringEnum(TICKET_STATUSES),
  categoryId: Type.String(),
  categoryName: Type.String(),
  description: Type.String(),
  street: Type.String(),
  community: Type.String(),
  gridId: Type.String(),
  gridName: Type.String(),
  location: Point,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  dueAt: Type.String({ format: 'date-time' }),
  overdue: Type.Boolean({ description: 'Open and past due at the time of the answer' }),
  escalated: Type.Boolean(),
  assignee: Type.Union([Assignee, Type.Null()]),
  reopenCount: Type.Integer(),
  followerCount: Type.Integer(),
  source: StringEnum(['app', 'open311', 'facility'] as const),
})
export type OpsTicketRow = Static<typeof OpsTicketRow>

export const OpsTicketTable = Type.Object({
  items: Type.Array(OpsTicketRow),
  total: Type.Integer({ description: 'Rows matching the filters, over all pages' }),
  page: Type.Integer(),
  pageSize: Type.Integer(),
})
export type OpsTicketTable = Static<typeof OpsTicketTable>

/* ---------- the drawer ---------- */

export const WorkerSuggestion = Type.Object({
  workerId: Type.Integer(),
  name: Type.String(),
  gridId: Type.Union([Type.String(), Type.Null()]),
  sameGrid: Type.Boolean({ description: "The worker serves the ticket's grid" }),
  distanceMeters: Type.Integer({ description: 'From the worker’s last position to the ticket' }),
  activeTickets: Type.Integer({ description: 'Current load: tickets dispatched to or in progress with the worker' }),
  location: Point,
})
export type WorkerSuggestion = Static<typeof WorkerSuggestion>

export const SuggestionList = Type.Object({ items: Type.Array(WorkerSuggestion, { maxItems: 5, description: 'Nearest on-duty workers first' }) })
export type SuggestionList = Static<typeof SuggestionList>

export const MergeBody = Type.Object(
  {
    intoId: Type.Integer({ minimum: 1, description: 'The ticket that is kept' }),
    note: Type.Optional(Type.String({ maxLength: NOTE_MAX })),
  },
  { additionalProperties: false },
)
export type MergeBody = Static<typeof MergeBody>

export const REPLY_MAX = NOTE_MAX
export const ReplyBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: REPLY_MAX, description: 'Public reply; lands in the reporter’s messages' }) },
  { additionalProperties: false },
)
export type ReplyBody = Static<typeof ReplyBody>

/* ---------- map layers ---------- */

export const GridLoad = Type.Object({
  gridId: Type.String(),
  gridName: Type.String(),
  street: Type.String(),
  community: Type.String(),
  open: Type.Integer(),
  overdue: Type.Integer(),
})
export type GridLoad = Static<typeof GridLoad>

export const MapGridsAnswer = Type.Object({
  at: Type.String({ format: 'date-time' }),
  items: Type.Array(GridLoad, { description: 'Every grid of the district, also those with no open ticket' }),
})
export type MapGridsAnswer = Static<typeof MapGridsAnswer>

export const MapQuery = Type.Object({ coordSystem: Type.Optional(CoordSystemQuery) }, { additionalProperties: false })

/**
 * The map layer carries every open ticket (20,000 and more), so a point is an array, not an object:
 * `[id, number, lat, lng, status, category, grid, overdue]` (indexes in MAP_POINT). status is an
 * index into TICKET_STATUSES, category and grid are indexes into the answer's categoryIds and gridIds,
 * overdue is 1 or 0, coordinates have 5 decimals (about 1 m). `readMapPoint` (map-points.ts) reads one back.
 */
export const MapTicketPoint = Type.Tuple([
  Type.Integer({ description: 'id' }),
  Type.String({ description: 'number, e.g. BY20261125-0007' }),
  Type.Number({ description: 'lat' }),
  Type.Number({ description: 'lng' }),
  Type.Integer({ minimum: 0, maximum: TICKET_STATUSES.length - 1, description: 'status: index into TICKET_STATUSES' }),
  Type.Integer({ minimum: 0, description: 'category: index into categoryIds' }),
  Type.Integer({ minimum: 0, description: 'grid: index into gridIds' }),
  Type.Integer({ minimum: 0, maximum: 1, description: 'overdue: 1 or 0' }),
])
export type MapTicketPoint = Static<typeof MapTicketPoint>

export const MapTicketsAnswer = Type.Object({
  at: Type.String({ format: 'date-time' }),
  categoryIds: Type.Array(Type.String(), { description: 'The categories the points name by index' }),
  gridIds: Type.Array(Type.String(), { description: 'The grids the points name by index' }),
  items: Type.Array(MapTicketPoint, { description: 'Every open ticket, one array each (see MAP_POINT in map-points.ts)' }),
})
export type MapTicketsAnswer = Static<typeof MapTicketsAnswer>

export const WORKER_TRACK_MINUTES = 10

export const MapTrackPoint = Type.Object({ lat: Type.Number(), lng: Type.Number(), at: Type.String({ format: 'date-time' }) })

export const MapWorker = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  gridId: Type.Union([Type.String(), Type.Null()]),
  onDuty: Type.Boolean(),
  location: Type.Union([Point, Type.Null()]),
  activeTickets: Type.Integer(),
  track: Type.Array(MapTrackPoint, { description: `Positions of the last ${WORKER_TRACK_MINUTES} minutes, oldest first` }),
})
export type MapWorker = Static<typeof MapWorker>

export const MapWorkersQuery = Type.Object(
  {
    coordSystem: Type.Optional(CoordSystemQuery),
    onDuty: Type.Optional(Type.Boolean({ description: 'Only on-duty workers (default: all)' })),
  },
  { additionalProperties: false },
)

export const MapWorkersAnswer = Type.Object({
  at: Type.String({ format: 'date-time' }),
  items: Type.Array(MapWorker),
})
export type MapWorkersAnswer = Static<typeof MapWorkersAnswer>

/* ---------- KPI dashboard ---------- */

export const KpiQuery = Type.Object(
  {
    from: Type.Optional(ChinaDate),
    to: Type.Optional(ChinaDate),
    street: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    categoryId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false, description: `Default: the 30 days ending today; at most ${KPI_MAX_PERIOD_DAYS} days` },
)
export type KpiQuery = Static<typeof KpiQuery>

const ratio = (description: string) => Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: `${description}; null when the denominator is 0` })
const hours = (description: string) => Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { description })

/** The KPI values of one slice (the whole period, a street, a category or a day), with their counts. */
export const KpiValues = Type.Object({
  created: Type.Integer({ description: 'Tickets filed in the period (rejected included)' }),
  onTimeRate: ratio('按时办结率 = onTimeResolved ÷ dueInPeriod'),
  onTimeResolved: Type.Integer(),
  dueInPeriod: Type.Integer({ description: 'Non-rejected tickets whose deadline fell in the period (and has passed)' }),
  resolveRate: ratio('办结率 = createdResolved ÷ createdCounted'),
  createdResolved: Type.Integer(),
  createdCounted: Type.Integer({ description: 'Tickets filed in the period, rejected excluded' }),
  medianResolveHours: hours('Median hours from filing to resolution, over tickets resolved in the period'),
  p90ResolveHours: hours('90th percentile of the same'),
  resolvedInPeriod: Type.Integer({ description: 'Tickets resolved in the period (the sample of the two durations)' }),
  satisfactionRate: ratio('满意率 = satisfied ÷ rated'),
  satisfied: Type.Integer(),
  rated: Type.Integer(),
  reworkRate: ratio('返工率 = reopened ÷ resolutions'),
  reopened: Type.Integer({ description: 'Appeals (reopen events) in the period' }),
  resolutions: Type.Integer({ description: 'Resolve events in the period' }),
  escalations: Type.Integer({ description: '督办: escalation events in the period' }),
})
export type KpiValues = Static<typeof KpiValues>

export const KpiStreetRow = Type.Object({ street: Type.String(), ...KpiValues.properties })
export type KpiStreetRow = Static<typeof KpiStreetRow>
export const KpiCategoryRow = Type.Object({ categoryId: Type.String(), categoryName: Type.String(), ...KpiValues.properties })
export type KpiCategoryRow = Static<typeof KpiCategoryRow>
export const KpiDayRow = Type.Object({ day: ChinaDate, ...KpiValues.properties })
export type KpiDayRow = Static<typeof KpiDayRow>

export const KpiRankingRow = Type.Object({
  rank: Type.Integer({ minimum: 1 }),
  street: Type.String(),
  onTimeRate: ratio('按时办结率'),
  satisfactionRate: ratio('满意率'),
  escalations: Type.Integer(),
  created: Type.Integer(),
})
export type KpiRankingRow = Static<typeof KpiRankingRow>

export const KpiAnswer = Type.Object({
  from: ChinaDate,
  to: ChinaDate,
  street: Type.Union([Type.String(), Type.Null()]),
  categoryId: Type.Union([Type.String(), Type.Null()]),
  generatedAt: Type.String({ format: 'date-time' }),
  totals: KpiValues,
  byStreet: Type.Array(KpiStreetRow, { description: 'Every street of the district, in the district order' }),
  byCategory: Type.Array(KpiCategoryRow, { description: 'Every category' }),
  trend: Type.Array(KpiDayRow, { description: 'The 30 days ending on `to`, oldest first; each day is its own period' }),
  ranking: Type.Array(KpiRankingRow, {
    description: 'Streets by 按时办结率 (no data last), then 满意率, then fewer 督办',
  }),
})
export type KpiAnswer = Static<typeof KpiAnswer>

/* ---------- live events (Server-Sent Events at GET /api/ops/events) ---------- */

export const LIVE_EVENT_KINDS = ['ticket', 'worker.position', 'worker.duty'] as const
export type LiveEventKind = (typeof LIVE_EVENT_KINDS)[number]

/** `event: ticket` — a ticket was created or changed; `ticket` is its new state (a queue row). */
export const TicketLiveData = Type.Object({
  eventType: StringEnum(TICKET_EVENT_TYPES, { description: 'The timeline event that caused it; created = a new ticket' }),
  ticket: OpsTicketRow,
})
export type TicketLiveData = Static<typeof TicketLiveData>

/** `event: worker.position` — a worker reported a position. */
export const WorkerPositionLiveData = Type.Object({
  workerId: Type.Integer(),
  location: Point,
  ticketId: Type.Union([Type.Integer(), Type.Null()]),
  at: Type.String({ format: 'date-time' }),
})
export type WorkerPositionLiveData = Static<typeof WorkerPositionLiveData>

/** `event: worker.duty` — a worker went on or off duty. */
export const WorkerDutyLiveData = Type.Object({
  workerId: Type.Integer(),
  onDuty: Type.Boolean(),
  at: Type.String({ format: 'date-time' }),
})
export type WorkerDutyLiveData = Static<typeof WorkerDutyLiveData>

/**
 * `event: reload` — the Last-Event-ID is older than what the server keeps (or unknown): the client
 * reloads its state from the REST endpoints and continues with the stream's later ids. No `id:` line.
 */
export const ReloadLiveData = Type.Object({ reason: StringEnum(['expired', 'unknown'] as const) })
export type ReloadLiveData = Static<typeof ReloadLiveData>

/** Every SSE message: `id:` is the event id (send it back as Last-Event-ID), `event:` the kind, `data:` JSON. */
export type LiveMessage =
  | { id: number; event: 'ticket'; data: TicketLiveData }
  | { id: number; event: 'worker.position'; data: WorkerPositionLiveData }
  | { id: number; event: 'worker.duty'; data: WorkerDutyLiveData }
  | { id: null; event: 'reload'; data: ReloadLiveData }

export const LiveEventsQuery = Type.Object(
  {
    coordSystem: Type.Optional(CoordSystemQuery),
    lastEventId: Type.Optional(Type.Integer({ minimum: 0, description: 'Same as the Last-Event-ID header, for clients that cannot set it' })),
  },
  { additionalProperties: false },
)

/* ---------- CSV export ---------- */

export const KpiExportQuery = KpiQuery
/** The queue export takes the queue's filters, without paging: at most this many rows. */
export const EXPORT_MAX_ROWS = 50_000
export const OpsExportQuery = Type.Omit(OpsTicketsQuery, ['page', 'pageSize'], { additionalProperties: false })
export type OpsExportQuery = Static<typeof OpsExportQuery>
