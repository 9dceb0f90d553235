/**
 * The worker's API client (/api/work and the binding): typed data through the app's one HTTP
 * client, so sign-in, 401 renewal and Chinese errors work as everywhere else.
 */
import type { LoginResponse } from '@contract/auth'
import type { TicketDetail } from '@contract/tickets'
import type { UploadResponse } from '@contract/uploads'
import type { PositionBatchBody, PositionBatchResponse, WorkerMe, WorkResolveResponse, WorkTaskList } from '@contract/work'
import type { LatLng } from '@/components/MapView/types'
import { http } from '@/services/http'
import { saveSession } from '@/services/session'

export async function fetchTasks(at: LatLng | null): Promise<WorkTaskList> {
  const params = at ? { lat: at.lat, lng: at.lng, coordSystem: 'gcj02' } : undefined
  const { data } = await http.get<WorkTaskList>('/work/tasks', { params })
  return data
}

export async function fetchTask(id: number): Promise<TicketDetail> {
  const { data } = await http.get<TicketDetail>(`/work/tasks/${id}`)
  return data
}

export async function startTask(id: number): Promise<TicketDetail> {
  const { data } = await http.post<TicketDetail>(`/work/tasks/${id}/start`, {})
  return data
}

/** Where and when an after-photo was taken (GCJ-02, the phone's clock). */
export interface CapturePoint {
  lat: number
  lng: number
  at: string
}

/** Uploads an after-photo of the ticket with its capture point: the server stamps it before storing. */
export async function uploadAfterPhoto(ticketId: number, filePath: string, capture: CapturePoint, onProgress?: (percent: number) => void): Promise<UploadResponse> {
  const { data } = await http.post<UploadResponse>('/uploads', undefined, {
    upload: {
      filePath,
      name: 'file',
      fileName: 'after.jpg',
      onProgress,
      formData: { ticketId: String(ticketId), lat: String(capture.lat), lng: String(capture.lng), coordSystem: 'gcj02', capturedAt: capture.at },
    },
    timeout: 60_000,
  })
  return data
}

export async function resolveTask(id: number, note: string, photoIds: string[], idempotencyKey: string): Promise<WorkResolveResponse> {
  const { data } = await http.post<WorkResolveResponse>(`/work/tasks/${id}/resolve`, { note, photoIds }, { headers: { 'Idempotency-Key': idempotencyKey } })
  return data
}

export async function sendPositions(body: PositionBatchBody): Promise<PositionBatchResponse> {
  const { data } = await http.post<PositionBatchResponse>('/work/positions', body)
  return data
}

export async function setDuty(onDuty: boolean): Promise<WorkerMe> {
  const { data } = await http.post<WorkerMe>('/work/duty', { onDuty })
  return data
}

/** Binds this WeChat account to a worker record; the answer is a new session, as the worker. */
export async function bindWorker(code: string): Promise<LoginResponse> {
  const { data } = await http.post<LoginResponse>('/auth/bind-worker', { code })
  saveSession(data)
  return data
}
