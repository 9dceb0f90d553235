/**
 * /api/ops for the operator console (dispatchers only; residents and workers get 403): the
 * server-paged queue, the map layers, the drawer's suggestions, merge and reply, the KPIs and the
 * CSV exports. The lifecycle actions themselves (accept, dispatch, reject) stay in routes/ops.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  EXPORT_MAX_ROWS,
  KpiAnswer,
  KpiExportQuery,
  KpiQuery,
  MapGridsAnswer,
  MapQuery,
  MapTicketsAnswer,
  MapWorkersAnswer,
  MapWorkersQuery,
  MergeBody,
  OpsExportQuery,
  OpsTicketTable,
  OpsTicketsQuery,
  ReplyBody,
  SuggestionList,
} from '@contract/console'
import { TicketDetail, TicketIdParams, TicketQuery } from '@contract/tickets'
import { Type } from '@sinclair/typebox'
import { chinaDate } from '../lib/china-time'
import { compressAnswer } from '../lib/compress-answer'
import { attachment } from '../lib/csv'
import { bearerAuth, errorResponses } from '../lib/route-schemas'
import { mergeTicket, replyToResident, suggestWorkers } from '../services/console/drawer'
import { kpiCsv, ticketsCsv } from '../services/console/export'
import { gridLoads, mapWorkers, openTicketPoints } from '../services/console/map'
import { exportOpsTickets, listOpsTickets } from '../services/console/queue'
import { getTicketDetail } from '../services/tickets/read'
import { actorOf } from '../services/tickets/resident-actions'

const tags = ['console']

/** A CSV answer: the body is text, not JSON. */
const csvResponse = (description: string) => ({ description, content: { 'text/csv': { schema: Type.String() } } })

const opsConsoleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', app.requireRole('dispatcher'))

  app.get(
    '/tickets',
    {
      schema: {
        tags,
        summary: 'The console queue: filters, sort by time left (default), server paging with the total',
        security: bearerAuth,
        querystring: OpsTicketsQuery,
        response: { 200: OpsTicketTable, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => listOpsTickets(app, request.query),
  )

  app.get(
    '/map/grids',
    {
      schema: {
        tags,
        summary: 'Open and overdue tickets per grid (every grid of the district)',
        security: bearerAuth,
        response: { 200: MapGridsAnswer, ...errorResponses(401, 403) },
      },
    },
    async () => ({ at: app.clock.now().toISOString(), items: await gridLoads(app) }),
  )

  app.get(
    '/map/tickets',
    {
      onSend: compressAnswer,
      schema: {
        tags,
        summary: 'Every open ticket as a compact map point (an array each; compressed when the client accepts br or gzip)',
        security: bearerAuth,
        querystring: MapQuery,
        response: { 200: MapTicketsAnswer, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ({ at: app.clock.now().toISOString(), ...(await openTicketPoints(app, request.query.coordSystem)) }),
  )

  app.get(
    '/map/workers',
    {
      schema: {
        tags,
        summary: 'Workers with their last position, load and the last 10 minutes of their track',
        security: bearerAuth,
        querystring: MapWorkersQuery,
        response: { 200: MapWorkersAnswer, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ({ at: app.clock.now().toISOString(), items: await mapWorkers(app, request.query) }),
  )

  app.get(
    '/tickets/:id/suggestions',
    {
      schema: {
        tags,
        summary: 'The 5 nearest on-duty workers for (re)assigning, with distance and current load',
        security: bearerAuth,
        params: TicketIdParams,
        querystring: MapQuery,
        response: { 200: SuggestionList, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: await suggestWorkers(app, request.params.id, request.query.coordSystem) }),
  )

  app.post(
    '/tickets/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge as a duplicate of another ticket: rejected (duplicate), its reporter follows the kept ticket',
        security: bearerAuth,
        params: TicketIdParams,
        querystring: TicketQuery,
        body: MergeBody,
        response: { 200: TicketDetail, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const user = request.user!
      await mergeTicket(app, request.params.id, request.body.intoId, actorOf(user), request.body.note)
      return getTicketDetail(app, request.params.id, user, request.query.coordSystem)
    },
  )

  app.post(
    '/tickets/:id/reply',
    {
      schema: {
        tags,
        summary: "A public reply to the resident: a timeline event and a message in the reporter's messages",
        security: bearerAuth,
        params: TicketIdParams,
        querystring: TicketQuery,
        body: ReplyBody,
        response: { 200: TicketDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const user = request.user!
      await replyToResident(app, request.params.id, actorOf(user), request.body.text)
      return getTicketDetail(app, request.params.id, user, request.query.coordSystem)
    },
  )

  app.get(
    '/kpi',
    {
      schema: {
        tags,
        summary: 'KPIs for a period (default the last 30 days), per street and per category, a 30-day trend and a street ranking',
        description: 'Definitions: contract/kpi.ts KPI_DEFINITIONS. Days are China days; from and to are both included.',
        security: bearerAuth,
        querystring: KpiQuery,
        response: { 200: KpiAnswer, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => app.kpi.compute(request.query),
  )

  app.get(
    '/export/tickets.csv',
    {
      schema: {
        tags,
        summary: `The filtered queue as CSV (UTF-8 with BOM, for Excel), in the queue's order; at most ${EXPORT_MAX_ROWS} rows`,
        security: bearerAuth,
        querystring: OpsExportQuery,
        produces: ['text/csv'],
        response: { 200: csvResponse('CSV, one ticket a row'), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const rows = await exportOpsTickets(app, request.query, EXPORT_MAX_ROWS)
      const day = chinaDate(app.clock.now())
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(`tickets-${day}.csv`, `工单-${day}.csv`))
        .send(ticketsCsv(rows))
    },
  )

  app.get(
    '/export/kpi.csv',
    {
      schema: {
        tags,
        summary: 'The KPI table (district, streets, categories) as CSV (UTF-8 with BOM)',
        security: bearerAuth,
        querystring: KpiExportQuery,
        produces: ['text/csv'],
        response: { 200: csvResponse('CSV: the period, a header, then 合计, each street, each category'), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const answer = await app.kpi.compute(request.query)
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(`kpi-${answer.from}-${answer.to}.csv`, `数据看板-${answer.from}至${answer.to}.csv`))
        .send(kpiCsv(answer))
    },
  )
}

export default opsConsoleRoutes
