/** In-app notifications (status changes of my tickets) and their read state, kept on the server. */
import type { MessagePage } from '@contract/tickets'
import { http } from './http'

export async function listMessages(cursor?: string | null, limit = 20): Promise<MessagePage> {
  const params: Record<string, string | number> = { limit }
  if (cursor) params.cursor = cursor
  const { data } = await http.get<MessagePage>('/messages', { params })
  return data
}

/** How many notifications are unread (for the tab badge): one small page, only the count is used. */
export async function unreadCount(): Promise<number> {
  return (await listMessages(null, 1)).unread
}

export async function markRead(ids: number[]): Promise<number> {
  const { data } = await http.post<{ updated: number }>('/messages/read', { ids })
  return data.updated
}

export async function markAllRead(): Promise<number> {
  const { data } = await http.post<{ updated: number }>('/messages/read', { all: true })
  return data.updated
}
