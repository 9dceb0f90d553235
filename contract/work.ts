/** Worker mode: binding a WeChat account to a worker record, the task list, resolving, positions. */
import { Type, type Static } from '@sinclair/typebox'
import { LoginResponse } from './auth'
import { TICKET_STATUSES } from './lifecycle'
import { COORD_SYSTEMS, CoordSystemQuery, Latitude, Longitude, Point, StringEnum } from './schemas'
import { TicketDetail } from './tickets'
import { POSITION_BATCH_MAX } from './work-limits'

export const BindingCodeResponse = Type.Object({
  code: Type.String({ description: '8 characters, shown once; stored hashed' }),
  expiresAt: Type.String({ format: 'date-time' }),
  worker: Type.Object({ id: Type.Integer(), name: Type.String(), number: Type.String() }),
})
export type BindingCodeResponse = Static<typeof BindingCodeResponse>

export const WorkerIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })

export const BindWorkerBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 32, description: 'The binding code from the dispatcher (`dev:worker-<n>` in development)' }) },
  { additionalProperties: false },
)
export type BindWorkerBody = Static<typeof BindWorkerBody>

/** A new session, as the worker. */
export const BindWorkerResponse = LoginResponse
export type BindWorkerResponse = Static<typeof BindWorkerResponse>

export const WorkerMe = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  number: Type.String({ description: '工号, printed on after-photos' }),
  gridId: Type.Union([Type.String(), Type.Null()]),
  onDuty: Type.Boolean(),
})
export type WorkerMe = Static<typeof WorkerMe>

export const WorkTasksQuery = Type.Object(
  {
    lat: Type.Optional(Latitude),
    lng: Type.Optional(Longitude),
    coordSystem: Type.Optional(CoordSystemQuery),
  },
  { additionalProperties: false },
)
export type WorkTasksQuery = Static<typeof WorkTasksQuery>

export const WorkTask = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  status: StringEnum(TICKET_STATUSES),
  categoryId: Type.String(),
  categoryName: Type.String(),
  description: Type.String(),
  addressText: Type.String(),
  location: Point,
  dueAt: Type.String({ format: 'date-time' }),
  overdue: Type.Boolean(),
  secondsLeft: Type.Integer({ description: 'Until the deadline; negative when overdue' }),
  distanceMeters: Type.Union([Type.Integer(), Type.Null()], { description: 'From the given position, else the last reported one' }),
  thumbUrl: Type.Union([Type.String(), Type.Null()]),
})
export type WorkTask = Static<typeof WorkTask>

export const WorkTaskList = Type.Object({
  items: Type.Array(WorkTask, { description: 'Dispatched and in-progress tickets of this worker, least time left first' }),
  me: WorkerMe,
  serverTime: Type.String({ format: 'date-time' }),
})
export type WorkTaskList = Static<typeof WorkTaskList>

export const WORK_WARNING_CODES = ['FAR_FROM_SITE'] as const
export const WorkWarning = Type.Object({
  code: StringEnum(WORK_WARNING_CODES),
  message: Type.String(),
  distanceMeters: Type.Integer(),
})
export type WorkWarning = Static<typeof WorkWarning>

export const WorkResolveResponse = Type.Object({
  ticket: TicketDetail,
  warnings: Type.Array(WorkWarning),
})
export type WorkResolveResponse = Static<typeof WorkResolveResponse>

export const PositionPoint = Type.Object(
  { lat: Latitude, lng: Longitude, at: Type.String({ format: 'date-time', description: 'When the phone measured it' }) },
  { additionalProperties: false },
)
export const PositionBatchBody = Type.Object(
  {
    points: Type.Array(PositionPoint, { minItems: 1, maxItems: POSITION_BATCH_MAX }),
    coordSystem: StringEnum(COORD_SYSTEMS),
    ticketId: Type.Optional(Type.Integer({ minimum: 1, description: 'Defaults to the ticket the worker is on' })),
  },
  { additionalProperties: false },
)
export type PositionBatchBody = Static<typeof PositionBatchBody>

export const PositionBatchResponse = Type.Object({
  accepted: Type.Integer(),
  dropped: Type.Integer({ description: 'Points implying more than 150 km/h from the previous one' }),
})
export type PositionBatchResponse = Static<typeof PositionBatchResponse>

export const DutyBody = Type.Object({ onDuty: Type.Boolean() }, { additionalProperties: false })
