/**
 * The console's map layers (一张图): open and overdue tickets per grid, every open ticket as a
 * compact point, and the workers with their last position and the last minutes of their track.
 * Each layer is one or two indexed queries; no per-row work beyond the GCJ-02 conversion.
 */
import type { FastifyInstance } from 'fastify'
import { OPEN_STATUSES, TICKET_STATUSES } from '@contract/lifecycle'
import { WORKER_TRACK_MINUTES, type GridLoad, type MapTicketPoint, type MapTicketsAnswer, type MapWorker } from '@contract/console'
import type { CoordSystem } from '@contract/schemas'
import { fromWgs84 } from '../../lib/coords'

export async function gridLoads(app: FastifyInstance): Promise<GridLoad[]> {
  const now = app.clock.now().toISOString()
  const rows = await app.db
    .selectFrom('tickets')
    .select(['grid_id'])
    .select((eb) => [
      eb.fn.countAll<number>().as('open'),
      eb.fn.sum<number>(eb.case().when('due_at', '<', now).then(1).else(0).end()).as('overdue'),
    ])
    .where('status', 'in', OPEN_STATUSES)
    .groupBy('grid_id')
    .execute()
  const byGrid = new Map(rows.map((row) => [row.grid_id, row]))
  return app.geo.grids.map((grid) => {
    const row = byGrid.get(grid.id)
    return {
      gridId: grid.id,
      gridName: grid.name,
      street: grid.streetName,
      community: grid.community,
      open: Number(row?.open ?? 0),
      overdue: Number(row?.overdue ?? 0),
    }
  })
}

/** Every open ticket as an array point (contract MAP_POINT), with the category and grid lists they index. */
export async function openTicketPoints(app: FastifyInstance, coordSystem: CoordSystem = 'gcj02'): Promise<Omit<MapTicketsAnswer, 'at'>> {
  const now = app.clock.now().toISOString()
  const rows = await app.db
    .selectFrom('tickets')
    .select(['id', 'number', 'lat', 'lng', 'status', 'category_id', 'grid_id', 'due_at'])
    .where('status', 'in', OPEN_STATUSES)
    .execute()
  const categoryIds: string[] = []
  const gridIds: string[] = []
  const categoryIndex = new Map<string, number>()
  const gridIndex = new Map<string, number>()
  const indexOf = (list: string[], index: Map<string, number>, value: string) => {
    let at = index.get(value)
    if (at === undefined) index.set(value, (at = list.push(value) - 1))
    return at
  }
  const items = rows.map((row): MapTicketPoint => {
    const point = fromWgs84(row, coordSystem)
    return [
      row.id,
      row.number,
      round5(point.lat),
      round5(point.lng),
      STATUS_INDEX.get(row.status)!,
      indexOf(categoryIds, categoryIndex, row.category_id),
      indexOf(gridIds, gridIndex, row.grid_id),
      row.due_at < now ? 1 : 0,
    ]
  })
  return { categoryIds, gridIds, items }
}

/** 5 decimals of a degree: about 1 m, finer than a map marker. */
const round5 = (degrees: number) => Math.round(degrees * 1e5) / 1e5
const STATUS_INDEX = new Map<string, number>(TICKET_STATUSES.map((status, i) => [status, i]))

export async function mapWorkers(app: FastifyInstance, options: { coordSystem?: CoordSystem; onDuty?: boolean } = {}): Promise<MapWorker[]> {
  const coordSystem = options.coordSystem ?? 'gcj02'
  const since = new Date(app.clock.now().getTime() - WORKER_TRACK_MINUTES * 60_000).toISOString()
  let workers = app.db.selectFrom('users').select(['id', 'display_name', 'grid_id', 'on_duty', 'lat', 'lng']).where('role', '=', 'worker')
  if (options.onDuty !== undefined) workers = workers.where('on_duty', '=', options.onDuty ? 1 : 0)
  const [rows, loads, points] = await Promise.all([
    workers.orderBy('id').execute(),
    app.db
      .selectFrom('tickets')
      .select(['assignee_id'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['dispatched', 'in_progress'])
      .where('assignee_id', 'is not', null)
      .groupBy('assignee_id')
      .execute(),
    app.db
      .selectFrom('worker_positions')
      .select(['worker_id', 'lat', 'lng', 'recorded_at'])
      .where('recorded_at', '>=', since)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute(),
  ])
  const load = new Map(loads.map((row) => [row.assignee_id, Number(row.n)]))
  const tracks = new Map<number, MapWorker['track']>()
  for (const point of points) {
    const list = tracks.get(point.worker_id) ?? []
    list.push({ ...fromWgs84(point, coordSystem), at: point.recorded_at })
    tracks.set(point.worker_id, list)
  }
  return rows.map((row) => ({
    id: row.id,
    name: row.display_name,
    gridId: row.grid_id,
    onDuty: row.on_duty === 1,
    location: row.lat !== null && row.lng !== null ? fromWgs84({ lat: row.lat, lng: row.lng }, coordSystem) : null,
    activeTickets: load.get(row.id) ?? 0,
    track: tracks.get(row.id) ?? [],
  }))
}
