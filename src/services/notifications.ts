/**
 * WeChat subscribe messages (服务通知): the templates a resident accepted become credits on the
 * server; a ticket lists the messages it sent; the live stream's token (H5 EventSource).
 */
import type { StreamTokenResponse, SubscriptionCredits, TicketNotificationList } from '@contract/notifications'
import { http } from './http'

/** One credit per accepted template: the backend may send that many messages of it. */
export async function saveSubscriptions(accepted: string[]): Promise<SubscriptionCredits> {
  const { data } = await http.post<SubscriptionCredits>('/subscriptions', { accepted })
  return data
}

export async function getTicketNotifications(ticketId: number): Promise<TicketNotificationList> {
  const { data } = await http.get<TicketNotificationList>(`/tickets/${ticketId}/notifications`)
  return data
}

/** A 60-second token that opens GET /api/events (EventSource cannot send Authorization). */
export async function getStreamToken(): Promise<StreamTokenResponse> {
  const { data } = await http.post<StreamTokenResponse>('/events/token', {})
  return data
}

/** The stream's URL on the API's origin. */
export function streamUrl(token: string, lastEventId: string | null): string {
  const base = http.defaults.baseURL ?? '/api'
  const query = `token=${encodeURIComponent(token)}${lastEventId ? `&lastEventId=${encodeURIComponent(lastEventId)}` : ''}`
  return `${base.replace(/\/+$/, '')}/events?${query}`
}
