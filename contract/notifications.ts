/** Subscribe-message credits and the notifications sent for a ticket (schemas; values in subscribe.ts). */
import { Type, type Static } from '@sinclair/typebox'
import { TICKET_EVENT_TYPES } from './lifecycle'
import { StringEnum } from './schemas'
import { NOTIFICATION_REASONS, NOTIFICATION_STATES, SUBSCRIBE_TEMPLATE_KINDS } from './subscribe'

export const SubscriptionsBody = Type.Object(
  {
    accepted: Type.Array(Type.String({ minLength: 1, maxLength: 128 }), {
      minItems: 1,
      maxItems: 5,
      description: 'Template ids the resident accepted in wx.requestSubscribeMessage; each is one credit for one message',
    }),
  },
  { additionalProperties: false },
)
export type SubscriptionsBody = Static<typeof SubscriptionsBody>

export const SubscriptionCredit = Type.Object({
  templateId: Type.String(),
  kind: StringEnum(SUBSCRIBE_TEMPLATE_KINDS),
  credits: Type.Integer({ minimum: 0, description: 'Messages of this template the backend may still send to me' }),
})
export type SubscriptionCredit = Static<typeof SubscriptionCredit>

export const SubscriptionCredits = Type.Object({ items: Type.Array(SubscriptionCredit) })
export type SubscriptionCredits = Static<typeof SubscriptionCredits>

export const TicketNotification = Type.Object({
  id: Type.Integer(),
  eventType: StringEnum(TICKET_EVENT_TYPES),
  kind: StringEnum(SUBSCRIBE_TEMPLATE_KINDS),
  state: StringEnum(NOTIFICATION_STATES),
  reason: Type.Union([StringEnum(NOTIFICATION_REASONS), Type.Null()]),
  /** Staff see every recipient's messages; a resident only their own. */
  recipientId: Type.Integer(),
  attempts: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export type TicketNotification = Static<typeof TicketNotification>

export const TicketNotificationList = Type.Object({ items: Type.Array(TicketNotification) })
export type TicketNotificationList = Static<typeof TicketNotificationList>

/* ---------- the resident's live stream (GET /api/events, Server-Sent Events) ---------- */

export const StreamTokenResponse = Type.Object({
  token: Type.String({ description: 'Opens GET /api/events?token=… (EventSource cannot send Authorization); valid until expiresAt' }),
  expiresAt: Type.String({ format: 'date-time' }),
})
export type StreamTokenResponse = Static<typeof StreamTokenResponse>

export const ResidentEventsQuery = Type.Object(
  {
    token: Type.Optional(Type.String({ maxLength: 256, description: 'From POST /api/events/token; not needed with a Bearer header' })),
    lastEventId: Type.Optional(Type.Integer({ minimum: 0, description: 'Same as the Last-Event-ID header: replay what came after it' })),
  },
  { additionalProperties: false },
)

/** `event: ticket` — one of my tickets changed (reload it and my messages). */
export const ResidentTicketEvent = Type.Object({
  ticketId: Type.Integer(),
  eventType: StringEnum(TICKET_EVENT_TYPES),
  status: Type.String(),
})
export type ResidentTicketEvent = Static<typeof ResidentTicketEvent>

/** `event: notification` — a subscribe message of mine reached its final state. */
export const ResidentNotificationEvent = Type.Object({
  ticketId: Type.Integer(),
  notificationId: Type.Integer(),
  state: StringEnum(NOTIFICATION_STATES),
})
export type ResidentNotificationEvent = Static<typeof ResidentNotificationEvent>
