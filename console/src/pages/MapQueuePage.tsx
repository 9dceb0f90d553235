/**
 * 一张图 with the queue beside it and the ticket drawer over it. State comes from the REST
 * endpoints once, then from the live stream: a ticket event moves its point on the map, updates its
 * row and re-reads the current queue page (its place and the total may change); a position event
 * moves the worker's marker and extends the track. Map updates are batched to one per frame.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { isOpen } from '@contract/lifecycle'
import type { MapWorker as ApiWorker, OpsTicketRow, TicketLiveData, WorkerPositionLiveData } from '@contract/console'
import { readMapPoint, type MapPointFields } from '@contract/map-points'
import type { GeoFeatureCollection } from '@contract/geo'
import type { Category } from '@contract/schemas'
import { QueueFilters, EMPTY_FILTER, filterQuery, type QueueFilter } from '../components/QueueFilters'
import { QueueTable } from '../components/QueueTable'
import { TicketDrawer } from '../components/TicketDrawer'
import { ApiFailure } from '../lib/api'
import { consoleApi } from '../lib/endpoints'
import { geoIndex, loadBoundaries } from '../lib/geo'
import { LIVE_STATE_LABELS, useLiveEvents } from '../lib/live'
import { prefetch, takePrefetched } from '../lib/prefetch'
import { ConsoleMap, LAYER_LABELS, type GridStat, type LayerKey, type MapTicket, type MapWorker } from '../map/ConsoleMap'
import { MapLegend } from '../map/MapLegend'

const PAGE_SIZE = 50
const TRACK_MS = 10 * 60_000

type Geo = { district: GeoFeatureCollection | null; streets: GeoFeatureCollection | null; grids: GeoFeatureCollection | null }

function toMapWorker(worker: ApiWorker): MapWorker | null {
  if (!worker.location) return null
  const track = worker.track.map((p) => [p.lat, p.lng] as [number, number])
  return { id: worker.id, name: worker.name, lat: worker.location.lat, lng: worker.location.lng, track, trackAt: worker.track.map((p) => Date.parse(p.at)), activeTickets: worker.activeTickets }
}

function pointOf(row: OpsTicketRow | MapPointFields, names: ReadonlyMap<string, string>): MapTicket {
  const lat = 'location' in row ? row.location.lat : row.lat
  const lng = 'location' in row ? row.location.lng : row.lng
  return { id: row.id, number: row.number, status: row.status, overdue: row.overdue, lat, lng, gridId: row.gridId, categoryName: names.get(row.categoryId) }
}

/** Calls `fn` at most once per animation frame, however often it is scheduled. */
function useFrameBatch(fn: () => void) {
  const latest = useRef(fn)
  latest.current = fn
  const pending = useRef(false)
  return useCallback(() => {
    if (pending.current) return
    pending.current = true
    requestAnimationFrame(() => {
      pending.current = false
      latest.current()
    })
  }, [])
}

const firstQueueQuery = () => ({ ...filterQuery(EMPTY_FILTER), page: 1, pageSize: PAGE_SIZE })

/** Called at boot (main.tsx): the default queue page and the map layers, before the session is known. */
export function prefetchFirstScreen() {
  prefetch('queue', () => consoleApi.queue(firstQueueQuery()))
  prefetch('categories', () => consoleApi.categories())
  prefetch('workers', () => consoleApi.mapWorkers())
  prefetch('tickets', () => consoleApi.mapTickets())
}

export function MapQueuePage() {
  const [geo, setGeo] = useState<Geo>({ district: null, streets: null, grids: null })
  const [categories, setCategories] = useState<Category[]>([])
  const [visible, setVisible] = useState<Record<LayerKey, boolean>>({ streets: true, grids: true, tickets: true, workers: true, tracks: true })
  const [filter, setFilter] = useState<QueueFilter>(EMPTY_FILTER)
  const [page, setPage] = useState(1)
  const [table, setTable] = useState<{ rows: OpsTicketRow[]; total: number }>({ rows: [], total: 0 })
  const [loading, setLoading] = useState(true)
  const [queueError, setQueueError] = useState<string | null>(null)
  const [selected, setSelected] = useState<number | null>(null)
  const [drawerVersion, setDrawerVersion] = useState(0)
  const [freshIds, setFreshIds] = useState<ReadonlySet<number>>(new Set())
  const [exporting, setExporting] = useState<string | null>(null)

  // Map state lives in refs (mutated by events) and is published once per frame.
  const ticketPoints = useRef(new Map<number, MapTicket>())
  const workerState = useRef(new Map<number, MapWorker>())
  const [tickets, setTickets] = useState<MapTicket[]>([])
  const [workers, setWorkers] = useState<MapWorker[]>([])
  const publishTickets = useFrameBatch(() => setTickets([...ticketPoints.current.values()]))
  const publishWorkers = useFrameBatch(() => setWorkers([...workerState.current.values()]))
  const categoryNames = useMemo(() => new Map(categories.map((c) => [c.id, c.name])), [categories])
  const namesRef = useRef(categoryNames)
  namesRef.current = categoryNames

  const gridStats = useMemo(() => {
    const stats = new Map<string, GridStat>()
    for (const t of tickets) {
      if (!t.gridId) continue
      const stat = stats.get(t.gridId) ?? { open: 0, overdue: 0 }
      stat.open += 1
      if (t.overdue) stat.overdue += 1
      stats.set(t.gridId, stat)
    }
    return stats
  }, [tickets])

  const { streetNames, gridList } = useMemo(() => geoIndex(geo.streets, geo.grids), [geo])

  // ---- loading ----
  const loadMap = useCallback(async () => {
    const [points, staff] = await Promise.all([takePrefetched('tickets', consoleApi.mapTickets), takePrefetched('workers', consoleApi.mapWorkers)])
    ticketPoints.current = new Map(
      points.items.map((p) => {
        const fields = readMapPoint(p, points)
        return [fields.id, pointOf(fields, namesRef.current)]
      }),
    )
    workerState.current = new Map(staff.items.flatMap((w) => (w.onDuty ? [toMapWorker(w)] : [])).filter((w): w is MapWorker => w !== null).map((w) => [w.id, w]))
    publishTickets()
    publishWorkers()
  }, [publishTickets, publishWorkers])

  const queueRequest = useRef(0)
  const loadQueue = useCallback(async () => {
    const request = ++queueRequest.current
    setLoading(true)
    try {
      const first = filter === EMPTY_FILTER && page === 1
      const answer = first ? await takePrefetched('queue', () => consoleApi.queue(firstQueueQuery())) : await consoleApi.queue({ ...filterQuery(filter), page, pageSize: PAGE_SIZE })
      if (request !== queueRequest.current) return
      setTable({ rows: answer.items, total: answer.total })
      setQueueError(null)
    } catch (error) {
      if (request === queueRequest.current) setQueueError(error instanceof ApiFailure ? error.message : '工单队列加载失败')
    } finally {
      if (request === queueRequest.current) setLoading(false)
    }
  }, [filter, page])

  useEffect(() => {
    let alive = true
    Promise.all([loadBoundaries('district'), loadBoundaries('street'), loadBoundaries('grid')])
      .then(([district, streets, grids]) => alive && setGeo({ district, streets, grids }))
      .catch(() => undefined)
    takePrefetched('categories', consoleApi.categories)
      .then((list) => alive && setCategories(list))
      .catch(() => undefined)
    loadMap().catch(() => undefined)
    return () => {
      alive = false
    }
  }, [loadMap])
  useEffect(() => {
    void loadQueue()
  }, [loadQueue])
  // A new filter starts again on page 1 (one state update, one request).
  const changeFilter = useCallback((next: QueueFilter | ((current: QueueFilter) => QueueFilter)) => {
    setFilter(next)
    setPage(1)
  }, [])
  const selectedRef = useRef(selected)
  selectedRef.current = selected

  // ---- live updates ----
  const requeue = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const scheduleQueue = useCallback(() => {
    clearTimeout(requeue.current)
    requeue.current = setTimeout(() => void loadQueue(), 250)
  }, [loadQueue])
  const reloadWorkers = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const scheduleWorkers = useCallback(() => {
    clearTimeout(reloadWorkers.current)
    reloadWorkers.current = setTimeout(() => {
      consoleApi
        .mapWorkers()
        .then((staff) => {
          workerState.current = new Map(staff.items.flatMap((w) => (w.onDuty ? [toMapWorker(w)] : [])).filter((w): w is MapWorker => w !== null).map((w) => [w.id, w]))
          publishWorkers()
        })
        .catch(() => undefined)
    }, 500)
  }, [publishWorkers])

  const onTicket = useCallback(
    ({ ticket, eventType }: TicketLiveData) => {
      if (isOpen(ticket.status)) ticketPoints.current.set(ticket.id, pointOf(ticket, namesRef.current))
      else ticketPoints.current.delete(ticket.id)
      publishTickets()
      setTable((current) => (current.rows.some((r) => r.id === ticket.id) ? { ...current, rows: current.rows.map((r) => (r.id === ticket.id ? ticket : r)) } : current))
      if (eventType === 'created') {
        setFreshIds((ids) => new Set(ids).add(ticket.id))
        setTimeout(() => setFreshIds((ids) => {
          const next = new Set(ids)
          next.delete(ticket.id)
          return next
        }), 4000)
      }
      scheduleQueue()
      if (selectedRef.current === ticket.id) setDrawerVersion((v) => v + 1)
    },
    [publishTickets, scheduleQueue],
  )

  const onPosition = useCallback(
    ({ workerId, location, at }: WorkerPositionLiveData) => {
      const worker = workerState.current.get(workerId)
      if (!worker) return scheduleWorkers()
      const time = Date.parse(at)
      const keepFrom = time - TRACK_MS
      const keep = worker.trackAt.findIndex((t) => t >= keepFrom)
      const from = keep < 0 ? worker.trackAt.length : keep
      workerState.current.set(workerId, {
        ...worker,
        lat: location.lat,
        lng: location.lng,
        track: [...worker.track.slice(from), [location.lat, location.lng]],
        trackAt: [...worker.trackAt.slice(from), time],
      })
      publishWorkers()
    },
    [publishWorkers, scheduleWorkers],
  )

  const live = useLiveEvents({
    ticket: onTicket,
    position: onPosition,
    duty: ({ workerId, onDuty }) => {
      if (onDuty) return scheduleWorkers()
      workerState.current.delete(workerId)
      publishWorkers()
    },
    reload: () => {
      loadMap().catch(() => undefined)
      void loadQueue()
      setDrawerVersion((v) => v + 1)
    },
  })

  const exportQueue = async () => {
    setExporting(null)
    try {
      const name = await consoleApi.exportQueue(filterQuery(filter))
      setExporting(`已导出 ${name}`)
    } catch (error) {
      setExporting(error instanceof ApiFailure ? `导出失败：${error.message}` : '导出失败')
    }
  }

  const pages = Math.max(1, Math.ceil(table.total / PAGE_SIZE))

  return (
    <main className="workspace">
      <h1 className="visually-hidden">一张图与工单队列</h1>
      <section className="map-panel" aria-label="一张图">
        <div className="map-tools">
          <fieldset>
            <legend>图层</legend>
            {(Object.keys(LAYER_LABELS) as LayerKey[]).map((key) => (
              <label key={key}>
                <input type="checkbox" checked={visible[key]} onChange={(e) => setVisible((v) => ({ ...v, [key]: e.target.checked }))} />
                {LAYER_LABELS[key]}
              </label>
            ))}
          </fieldset>
          <span className="map-count" role="status">
            未办结 {tickets.length} 件 · 在岗 {workers.length} 人
          </span>
        </div>
        <ConsoleMap
          {...geo}
          gridStats={gridStats}
          tickets={tickets}
          workers={workers}
          visible={visible}
          selectedGrid={filter.gridId || null}
          onGridClick={(code, name) => changeFilter((f) => ({ ...f, gridId: code ?? '', gridName: name ?? '' }))}
          onTicketClick={setSelected}
        />
        <MapLegend />
      </section>
      <section className="queue-panel" aria-labelledby="queue-title">
        <QueueFilters filter={filter} onChange={changeFilter} streets={streetNames} grids={gridList} categories={categories} />
        <div className="queue-head">
          <h2 id="queue-title">工单队列</h2>
          <span role="status" aria-live="polite" className="queue-total">
            共 {table.total} 件
          </span>
          {filter.gridId ? (
            <span className="chip">
              网格：{filter.gridName || filter.gridId}
              <button type="button" className="button button--ghost button--small" aria-label="清除网格筛选" onClick={() => changeFilter((f) => ({ ...f, gridId: '', gridName: '' }))}>
                ×
              </button>
            </span>
          ) : null}
          <span className="spacer" />
          <span className="live-badge" role="status">
            {LIVE_STATE_LABELS[live]}
          </span>
          <button type="button" className="button" onClick={() => void exportQueue()}>
            导出 CSV
          </button>
        </div>
        {exporting ? (
          <p className="notice" role="status" style={{ margin: '0 12px 6px' }}>
            {exporting}
          </p>
        ) : null}
        {queueError ? (
          <p className="notice notice--error" role="alert" style={{ margin: '0 12px 6px' }}>
            {queueError}
          </p>
        ) : null}
        <QueueTable rows={table.rows} selectedId={selected} freshIds={freshIds} onOpen={setSelected} loading={loading} />
        <nav className="pager" aria-label="分页">
          <button type="button" className="button" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
            上一页
          </button>
          <span>
            第 {page} / {pages} 页
          </span>
          <button type="button" className="button" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
            下一页
          </button>
        </nav>
      </section>
      {selected !== null ? <TicketDrawer id={selected} version={drawerVersion} onClose={() => setSelected(null)} onChanged={() => void loadQueue()} /> : null}
    </main>
  )
}
