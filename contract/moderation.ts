/** 公开内容管理: staff decide what of a report the public sees (TypeBox; the app imports types only). */
import { Type, type Static } from '@sinclair/typebox'
import { Paging, StringEnum } from './schemas'

export const TICKET_VISIBILITIES = ['ok', 'held', 'hidden'] as const
export type TicketVisibility = (typeof TICKET_VISIBILITIES)[number]

export const VisibilityBody = Type.Object(
  {
    visible: Type.Boolean({ description: 'true: release a held report (or un-hide it); false: hide it from public view' }),
    reason: Type.String({ minLength: 2, maxLength: 200, description: 'Why (kept with the ticket, shown to staff)' }),
  },
  { additionalProperties: false },
)
export type VisibilityBody = Static<typeof VisibilityBody>

export const TicketVisibilityState = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  moderation: StringEnum(TICKET_VISIBILITIES, { description: 'ok = public view shown; held = abuse filter, until released; hidden = staff hid it' }),
  sharePublicly: Type.Boolean({ description: "The resident's choice when reporting" }),
  reason: Type.Union([Type.String(), Type.Null()]),
  at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** The public copy of the description as others would see it once visible (null: nothing shared). */
  publicDescription: Type.Union([Type.String(), Type.Null()]),
  description: Type.String({ description: 'The original, for staff' }),
})
export type TicketVisibilityState = Static<typeof TicketVisibilityState>

export const ModerationQueueQuery = Type.Object(
  { state: Type.Optional(StringEnum(['held', 'hidden'] as const, { description: 'Default held' })), ...Paging },
  { additionalProperties: false },
)
export const ModerationQueue = Type.Object({ items: Type.Array(TicketVisibilityState), nextCursor: Type.Union([Type.String(), Type.Null()]) })
