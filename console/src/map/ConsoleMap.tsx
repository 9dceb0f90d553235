/**
 * 一张图: the district drawn offline with Leaflet (no tiles, like the H5 app's MapView): the
 * outline, the 24 streets with their names, the 358 grids shaded by open tickets (a red edge when
 * one is overdue), open tickets clustered by supercluster and coloured by status, and every
 * on-duty worker at the last position with the last 10 minutes of track. Each layer can be
 * switched off. Clicking a grid selects it (the queue filters by it); clicking it again clears.
 * Workers are kept as one marker each and moved in place, so a live position update moves the
 * very element on screen instead of redrawing the layer.
 */
import L from 'leaflet'
import { useEffect, useMemo, useRef } from 'react'
import Supercluster from 'supercluster'
import type { GeoFeatureCollection } from '@contract/geo'
import { STATUS_LABELS, type TicketStatus } from '@contract/lifecycle'
import { STATUS_COLORS } from '../lib/status'


export interface MapTicket {
  id: number
  number: string
  status: TicketStatus
  overdue: boolean
  lat: number
  lng: number
  gridId?: string
  categoryName?: string
}

export interface MapWorker {
  id: number
  name: string
  lat: number
  lng: number
  /** Oldest first, the last 10 minutes. */
  track: [number, number][]
  /** Times (ms) of the track points. */
  trackAt: number[]
  activeTickets?: number
}

export interface GridStat {
  open: number
  overdue: number
}

export type LayerKey = 'streets' | 'grids' | 'tickets' | 'workers' | 'tracks'
export const LAYER_LABELS: Record<LayerKey, string> = {
  streets: '街道边界',
  grids: '网格着色',
  tickets: '工单',
  workers: '作业人员',
  tracks: '10分钟轨迹',
}

/** Sequential blues for open tickets per grid: 0, 1–2, 3–5, 6–10, > 10. */
const GRID_STEPS: [number, string][] = [
  [0, '#ffffff'],
  [1, '#dbe8f8'],
  [3, '#a9c8ee'],
  [6, '#6fa2df'],
  [11, '#3a78c9'],
]
export function gridFill(open: number): string {
  let colour = GRID_STEPS[0][1]
  for (const [from, fill] of GRID_STEPS) if (open >= from) colour = fill
  return colour
}
export const GRID_LEGEND = GRID_STEPS.map(([from], i) => {
  const next = GRID_STEPS[i + 1]?.[0]
  return { fill: GRID_STEPS[i][1], label: next === undefined ? `${from}件以上` : from === next - 1 || from === 0 ? `${from}件` : `${from}–${next - 1}件` }
})

const DISTRICT_CENTER: [number, number] = [23.26, 113.31]
const MAX_ZOOM = 19

type Props = {
  district: GeoFeatureCollection | null
  streets: GeoFeatureCollection | null
  grids: GeoFeatureCollection | null
  gridStats: ReadonlyMap<string, GridStat>
  tickets: readonly MapTicket[]
  workers: readonly MapWorker[]
  visible: Record<LayerKey, boolean>
  selectedGrid: string | null
  onGridClick: (code: string | null, name: string | null) => void
  onTicketClick: (id: number) => void
}

function ticketIcon(ticket: MapTicket): L.DivIcon {
  return L.divIcon({
    className: `ticket-dot${ticket.overdue ? ' ticket-dot--overdue' : ''}`,
    html: `<span style="background:${STATUS_COLORS[ticket.status]}">${ticket.overdue ? '!' : ''}</span>`,
    iconSize: [22, 22],
  })
}

function clusterIcon(count: number, overdue: number): L.DivIcon {
  const size = count < 10 ? 34 : count < 100 ? 40 : count < 1000 ? 48 : 56
  return L.divIcon({
    className: `ticket-cluster${overdue > 0 ? ' ticket-cluster--overdue' : ''}`,
    html: `<span>${count}</span>`,
    iconSize: [size, size],
  })
}

const workerIcon = L.divIcon({ className: 'worker-dot', html: '<span></span>', iconSize: [18, 18] })

type TicketProps = { index: number; overdue: number }

export function ConsoleMap({ district, streets, grids, gridStats, tickets, workers, visible, selectedGrid, onGridClick, onTicketClick }: Props) {
  const holder = useRef<HTMLDivElement | null>(null)
  const mapRef = useRef<L.Map | null>(null)
  const layers = useMemo(
    () => ({
      district: L.layerGroup(),
      streets: L.layerGroup(),
      grids: L.layerGroup(),
      tracks: L.layerGroup(),
      tickets: L.layerGroup(),
      workers: L.layerGroup(),
    }),
    [],
  )
  const latest = useRef({ onGridClick, onTicketClick, gridStats, selectedGrid })
  latest.current = { onGridClick, onTicketClick, gridStats, selectedGrid }
  const redrawTickets = useRef<() => void>(() => undefined)

  useEffect(() => {
    const element = holder.current
    if (!element) return
    const map = L.map(element, { center: DISTRICT_CENTER, zoom: 11, minZoom: 9, maxZoom: MAX_ZOOM, zoomSnap: 0.25, attributionControl: false })
    mapRef.current = map
    // Own panes keep the drawing order when a layer is switched off and on again.
    const pane = (name: string, z: number) => (map.createPane(name).style.zIndex = String(z))
    pane('grids', 350)
    pane('boundaries', 380)
    pane('tracks', 390)
    for (const group of [layers.grids, layers.streets, layers.district, layers.tracks, layers.tickets, layers.workers]) group.addTo(map)
    map.on('moveend', () => {
      redrawTickets.current()
      element.classList.toggle('console-map--labels', map.getZoom() >= 12)
      element.classList.toggle('console-map--near', map.getZoom() >= 13)
    })
    const resize = new ResizeObserver(() => map.invalidateSize())
    resize.observe(element)
    return () => {
      resize.disconnect()
      map.remove()
      mapRef.current = null
    }
  }, [layers])

  // The outline: fits the view once it arrives.
  useEffect(() => {
    layers.district.clearLayers()
    if (!district) return
    const outline = L.geoJSON(district as never, { pane: 'boundaries', interactive: false, style: { color: '#0b3d91', weight: 3, opacity: 0.9, fill: false } }).addTo(layers.district)
    mapRef.current?.fitBounds(outline.getBounds(), { padding: [12, 12] })
  }, [district, layers])

  useEffect(() => {
    layers.streets.clearLayers()
    if (!streets) return
    L.geoJSON(streets as never, {
      pane: 'boundaries',
      interactive: false,
      style: { color: '#0b3d91', weight: 1.5, opacity: 0.7, fill: false },
      onEachFeature: (feature, layer) => {
        const name = (feature.properties as { name?: string }).name
        if (name) layer.bindTooltip(name, { permanent: true, direction: 'center', className: 'street-label' })
      },
    }).addTo(layers.streets)
  }, [streets, layers])

  // Grids: one path each, restyled in place when the counts or the selection change.
  const gridPaths = useRef(new Map<string, L.Path>())
  useEffect(() => {
    layers.grids.clearLayers()
    gridPaths.current.clear()
    if (!grids) return
    L.geoJSON(grids as never, {
      pane: 'grids',
      style: { weight: 0.6, color: '#7a8699', fillOpacity: 0.55 },
      onEachFeature: (feature, layer) => {
        const { code, name, streetName, communityName } = feature.properties as { code: string; name: string; streetName?: string; communityName?: string }
        gridPaths.current.set(code, layer as L.Path)
        // A stable hook for tests and styles: the grid's code on its path element.
        layer.on('add', () => (layer as L.Path).getElement?.()?.setAttribute('data-grid', code))
        layer.bindTooltip(() => {
          const stat = latest.current.gridStats.get(code) ?? { open: 0, overdue: 0 }
          return `${streetName ?? ''} ${communityName ?? ''} ${name}<br>未办结 ${stat.open} 件，超时 ${stat.overdue} 件`
        }, { sticky: true })
        layer.on('click', () => {
          const again = latest.current.selectedGrid === code
          latest.current.onGridClick(again ? null : code, again ? null : name)
        })
      },
    }).addTo(layers.grids)
  }, [grids, layers])
  useEffect(() => {
    for (const [code, path] of gridPaths.current) {
      const stat = gridStats.get(code) ?? { open: 0, overdue: 0 }
      const selected = code === selectedGrid
      path.setStyle({
        fillColor: gridFill(stat.open),
        color: selected ? '#111111' : stat.overdue > 0 ? '#b3261e' : '#7a8699',
        weight: selected ? 3 : stat.overdue > 0 ? 1.6 : 0.6,
        fillOpacity: 0.6,
      })
      if (selected) path.bringToFront()
    }
  }, [gridStats, selectedGrid, grids])

  // Tickets, clustered for the visible box after each move.
  useEffect(() => {
    const index = new Supercluster<TicketProps, { overdue: number }>({
      radius: 56,
      maxZoom: MAX_ZOOM - 2,
      map: (props) => ({ overdue: props.overdue }),
      reduce: (acc, props) => {
        acc.overdue += props.overdue
      },
    })
    index.load(tickets.map((t, i) => ({ type: 'Feature' as const, properties: { index: i, overdue: t.overdue ? 1 : 0 }, geometry: { type: 'Point' as const, coordinates: [t.lng, t.lat] } })))
    redrawTickets.current = () => {
      const map = mapRef.current
      layers.tickets.clearLayers()
      if (!map || tickets.length === 0) return
      const b = map.getBounds().pad(0.25)
      for (const feature of index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], Math.round(map.getZoom()))) {
        const [lng, lat] = feature.geometry.coordinates
        const props = feature.properties as { cluster?: boolean; cluster_id?: number; point_count?: number; overdue: number; index?: number }
        if (props.cluster) {
          const count = props.point_count ?? 0
          L.marker([lat, lng], { icon: clusterIcon(count, props.overdue), title: `${count}件工单${props.overdue ? `（${props.overdue}件超时）` : ''}，点击放大`, keyboard: true, zIndexOffset: 2000 })
            .on('click', () => map.setView([lat, lng], Math.min(index.getClusterExpansionZoom(props.cluster_id!), MAX_ZOOM)))
            .addTo(layers.tickets)
        } else {
          const ticket = tickets[props.index!]
          L.marker([lat, lng], {
            icon: ticketIcon(ticket),
            title: `工单 ${ticket.number}${ticket.categoryName ? `（${ticket.categoryName}）` : ''}，${STATUS_LABELS[ticket.status]}${ticket.overdue ? '，已超时' : ''}`,
            keyboard: true,
            // Above the workers: a ticket is what the dispatcher acts on.
            zIndexOffset: ticket.overdue ? 3000 : 2000,
          })
            .on('click', () => latest.current.onTicketClick(ticket.id))
            .addTo(layers.tickets)
        }
      }
    }
    redrawTickets.current()
  }, [tickets, layers])

  // Workers: a marker and a track line per worker, kept by id and changed in place. Only workers
  // whose object changed are touched (the page replaces just the one that moved).
  const workerShapes = useRef(new Map<number, { worker: MapWorker; marker: L.Marker; line: L.Polyline }>())
  useEffect(() => {
    const seen = new Set<number>()
    for (const worker of workers) {
      seen.add(worker.id)
      const shape = workerShapes.current.get(worker.id)
      if (shape?.worker === worker) continue
      const title = `作业人员 ${worker.name}${worker.activeTickets ? `，在办${worker.activeTickets}件` : ''}`
      if (!shape) {
        const marker = L.marker([worker.lat, worker.lng], { icon: workerIcon, title, keyboard: false })
        // The element exists only while the layer is shown: tag it whenever it is (re)created.
        marker.on('add', () => marker.getElement()?.setAttribute('data-worker-id', String(worker.id)))
        marker.addTo(layers.workers)
        const line = L.polyline(worker.track, { pane: 'tracks', color: '#00695c', weight: 2.5, opacity: 0.85, interactive: false }).addTo(layers.tracks)
        workerShapes.current.set(worker.id, { worker, marker, line })
        continue
      }
      const at = shape.marker.getLatLng()
      if (at.lat !== worker.lat || at.lng !== worker.lng) shape.marker.setLatLng([worker.lat, worker.lng])
      shape.marker.getElement()?.setAttribute('title', title)
      if (shape.worker.track !== worker.track) shape.line.setLatLngs(worker.track)
      shape.worker = worker
    }
    for (const [id, shape] of workerShapes.current) {
      if (seen.has(id)) continue
      layers.workers.removeLayer(shape.marker)
      layers.tracks.removeLayer(shape.line)
      workerShapes.current.delete(id)
    }
  }, [workers, layers])

  // Layer toggles.
  useEffect(() => {
    const map = mapRef.current
    if (!map) return
    for (const key of Object.keys(LAYER_LABELS) as LayerKey[]) {
      const group = layers[key]
      if (visible[key] && !map.hasLayer(group)) group.addTo(map)
      if (!visible[key] && map.hasLayer(group)) group.remove()
    }
  }, [visible, layers])

  return <div ref={holder} className="console-map" role="region" aria-label="白云区一张图：网格、工单与作业人员" />
}
