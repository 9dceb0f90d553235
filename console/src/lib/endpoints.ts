/**
 * Every console endpoint in one place, typed from the shared contract (types only: the contract's
 * schema files build TypeBox objects, which stay out of the bundle).
 */
import type { PhotoPrivacyState, RedactionBody } from '@contract/privacy'
import type { BindingCodeResponse } from '@contract/work'
import type {
  KpiAnswer,
  KpiQuery,
  MapGridsAnswer,
  MapTicketsAnswer,
  MapWorkersAnswer,
  OpsExportQuery,
  OpsTicketTable,
  OpsTicketsQuery,
  SuggestionList,
} from '@contract/console'
import type { Category, CategoryList } from '@contract/schemas'
import type { TicketDetail } from '@contract/tickets'
import { download, get, post } from './api'

/**
 * The console's map has no tiles, so it can draw in any coordinate system as long as every layer
 * uses the same one: it asks for WGS-84 (what the backend stores), which spares the server a GCJ-02
 * conversion per point (measured: ~40 % of the time of the 20,000-ticket layer).
 */
export const MAP_COORDS = 'wgs84' as const

export const consoleApi = {
  queue: (query: OpsTicketsQuery) => get<OpsTicketTable>('/ops/tickets', { ...query, coordSystem: MAP_COORDS }),
  ticket: (id: number) => get<TicketDetail>(`/tickets/${id}`),
  suggestions: (id: number) => get<SuggestionList>(`/ops/tickets/${id}/suggestions`),
  accept: (id: number, note?: string) => post<TicketDetail>(`/ops/tickets/${id}/accept`, note ? { note } : {}),
  dispatch: (id: number, workerId: number, note?: string) => post<TicketDetail>(`/ops/tickets/${id}/dispatch`, note ? { workerId, note } : { workerId }),
  reject: (id: number, reason: 'duplicate' | 'not_responsible', note?: string) => post<TicketDetail>(`/ops/tickets/${id}/reject`, note ? { reason, note } : { reason }),
  merge: (id: number, intoId: number, note?: string) => post<TicketDetail>(`/ops/tickets/${id}/merge`, note ? { intoId, note } : { intoId }),
  reply: (id: number, text: string) => post<TicketDetail>(`/ops/tickets/${id}/reply`, { text }),
  bindingCode: (workerId: number) => post<BindingCodeResponse>(`/ops/workers/${workerId}/binding-code`, {}),
  /** A staff box over a missed face or plate (#20), in the stored photo's pixels. */
  redact: (photoId: string, box: RedactionBody) => post<PhotoPrivacyState>(`/ops/photos/${photoId}/redactions`, box),
  mapGrids: () => get<MapGridsAnswer>('/ops/map/grids'),
  mapTickets: () => get<MapTicketsAnswer>('/ops/map/tickets', { coordSystem: MAP_COORDS }),
  mapWorkers: () => get<MapWorkersAnswer>('/ops/map/workers', { onDuty: true, coordSystem: MAP_COORDS }),
  kpi: (query: KpiQuery) => get<KpiAnswer>('/ops/kpi', query),
  categories: () => get<CategoryList>('/categories').then((list) => list.items as Category[]),
  exportQueue: (query: OpsExportQuery) => download('/ops/export/tickets.csv', query, '工单.csv'),
  exportKpi: (query: KpiQuery) => download('/ops/export/kpi.csv', query, '考核指标.csv'),
}

/** The SSE stream (the cookie authenticates it; EventSource resends Last-Event-ID on reconnect). */
export const LIVE_EVENTS_URL = `/api/ops/events?coordSystem=${MAP_COORDS}`
