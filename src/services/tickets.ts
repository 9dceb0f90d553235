/**
 * Reading my tickets and acting on them as their reporter: list, detail, the worker's track,
 * rating and appeal. (Filing and following live in services/report.ts.)
 */
import type { ResidentFilter, TicketStatus } from '@contract/lifecycle'
import type { RatingBody, TicketDetail, TicketPage, WorkerTrack } from '@contract/tickets'
import { http } from './http'

export interface ListMyTicketsParams {
  status?: ResidentFilter | TicketStatus
  cursor?: string | null
  limit?: number
}

/** Tickets I reported or follow (我也遇到), newest first; pass `nextCursor` back for the next page. */
export async function listMyTickets({ status = 'all', cursor, limit = 10 }: ListMyTicketsParams = {}): Promise<TicketPage> {
  const params: Record<string, string | number> = { scope: 'mine', status, limit }
  if (cursor) params.cursor = cursor
  const { data } = await http.get<TicketPage>('/tickets', { params })
  return data
}

export async function getTicket(id: number): Promise<TicketDetail> {
  const { data } = await http.get<TicketDetail>(`/tickets/${id}`)
  return data
}

/** The assigned worker's recorded positions (GCJ-02), oldest first. */
export async function getWorkerTrack(id: number): Promise<WorkerTrack> {
  const { data } = await http.get<WorkerTrack>(`/tickets/${id}/track`)
  return data
}

/** Rates a resolved ticket once; the answer is the ticket, now closed. */
export async function rateTicket(id: number, rating: RatingBody): Promise<TicketDetail> {
  const { data } = await http.post<TicketDetail>(`/tickets/${id}/rating`, rating)
  return data
}

/** 不满意，申请复核: back into the queue with the resident's reason. */
export async function reopenTicket(id: number, reason: string): Promise<TicketDetail> {
  const { data } = await http.post<TicketDetail>(`/tickets/${id}/reopen`, { reason })
  return data
}
