/**
 * MapView in the browser: our own offline map on Leaflet (see types.ts for the contract).
 * Taro's H5 <Map> loads Baidu from the internet and uses BD-09, so it is never used here.
 * - Background: a plain light colour, the district outline and its 24 streets drawn as vectors
 *   from /api/geo/district (GCJ-02), street names as labels. No request leaves our origin.
 * - Tiles: only when TARO_APP_MAP_TILES holds a URL template; it must be a GCJ-02 source
 *   (AMap/高德-style tiles) so that markers, boundaries and tiles line up.
 * - Clustering: supercluster (the kdbush-based library Mapbox keeps), recomputed for the visible
 *   bbox after each move; chosen over leaflet.markercluster because it is framework-free, small,
 *   and gives the same "tap a cluster to zoom in" as WeChat's native clusters.
 */
import { View } from '@tarojs/components'
import L from 'leaflet'
import 'leaflet/dist/leaflet.css'
import { useEffect, useMemo, useRef } from 'react'
import Supercluster, { type ClusterProperties, type PointFeature } from 'supercluster'
import { lastKnownLocation, subscribeToLocation } from '@/hooks/useLocation'
import { loadBoundaries } from './districtPolygons'
import { MARKER_ICONS, MARKER_SIZE, PIN_SIZE } from './markerIcons'
import {
  DEFAULT_HEIGHT,
  DEFAULT_ZOOM,
  MARKER_KIND_NAMES,
  accessibleName,
  samePoint,
  type LatLng,
  type MapMarker,
  type MapRegion,
  type MapViewProps,
} from './types'
import './index.scss'
import './leaflet-overrides.scss'

export type { LatLng, MapBBox, MapMarker, MapPolyline, MapRegion, MapViewProps, MarkerKind } from './types'

const MIN_ZOOM = 3
const MAX_ZOOM = 20
const STREET_LABELS_FROM_ZOOM = 13
const CLUSTER_RADIUS_PX = 60

/** Taro replaces TARO_APP_* names only when some .env file lists them; otherwise `process` is undefined. */
function tileUrlFromEnv(): string | undefined {
  try {
    return process.env.TARO_APP_MAP_TILES || undefined
  } catch {
    return undefined
  }
}
const TILE_URL = tileUrlFromEnv()

function markerIcon(kind: MapMarker['kind']): L.Icon {
  const size = kind === 'pin' ? PIN_SIZE : MARKER_SIZE
  return L.icon({
    iconUrl: MARKER_ICONS[kind],
    iconSize: [size, size],
    // The pin's tip marks the point; round badges are centred on it.
    iconAnchor: kind === 'pin' ? [size / 2, size] : [size / 2, size / 2],
  })
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

/** A marker with its own image and/or colour: a round badge, ringed in the colour when given. */
function ownIcon(marker: MapMarker): L.Icon | L.DivIcon {
  const src = marker.iconPath ?? MARKER_ICONS[marker.kind]
  if (!marker.color) return L.icon({ iconUrl: src, iconSize: [MARKER_SIZE, MARKER_SIZE], iconAnchor: [MARKER_SIZE / 2, MARKER_SIZE / 2] })
  const color = escapeAttribute(marker.color)
  return L.divIcon({
    html: `<span class="map-view__badge-ring" style="border-color:${color};background-color:${color}" data-color="${color}"><img src="${escapeAttribute(src)}" alt="" draggable="false"></span>`,
    className: 'map-view__badge',
    iconSize: [MARKER_SIZE + 6, MARKER_SIZE + 6],
  })
}

const iconOf = (marker: MapMarker) => (marker.iconPath || marker.color ? ownIcon(marker) : markerIcon(marker.kind))

function clusterIcon(count: number, color?: string): L.DivIcon {
  const size = count < 10 ? 36 : count < 100 ? 42 : 50
  const style = color ? ` style="background-color:${escapeAttribute(color)}" data-color="${escapeAttribute(color)}"` : ''
  return L.divIcon({
    html: `<span class="map-view__cluster-count"${style}>${count}</span>`,
    className: 'map-view__cluster',
    iconSize: [size, size],
  })
}

function markerLabel(marker: MapMarker): string {
  return marker.title ? `${MARKER_KIND_NAMES[marker.kind]}：${marker.title}` : MARKER_KIND_NAMES[marker.kind]
}

function regionOf(map: L.Map): MapRegion {
  const bounds = map.getBounds()
  const centre = map.getCenter()
  return {
    center: { lat: centre.lat, lng: centre.lng },
    bbox: { minLat: bounds.getSouth(), minLng: bounds.getWest(), maxLat: bounds.getNorth(), maxLng: bounds.getEast() },
    zoom: map.getZoom(),
  }
}

type ClusterProps = { markerIndex: number }
/** What a cluster keeps of its markers: how many have each colour, as flat `c<colour>` counts. */
type ClusterColors = Record<string, number>
const COLOR_KEY = 'c'

/** The colour most of a cluster's markers have (the first one seen on a tie); none without colours. */
function majorityColor(properties: ClusterColors): string | undefined {
  let best: string | undefined
  let bestCount = 0
  for (const [key, count] of Object.entries(properties)) {
    if (!key.startsWith(COLOR_KEY) || typeof count !== 'number' || count <= bestCount) continue
    best = key.slice(COLOR_KEY.length)
    bestCount = count
  }
  return best
}

/** A single marker on the map, named for screen readers by its kind and title. */
function placeMarker(marker: MapMarker, at: [number, number], layer: L.LayerGroup, onTap: () => void) {
  const label = markerLabel(marker)
  const placed = L.marker(at, { icon: iconOf(marker), title: label, alt: label, keyboard: true }).on('click', onTap).addTo(layer)
  placed.getElement()?.setAttribute('aria-label', label)
}

export default function MapView({
  center,
  zoom = DEFAULT_ZOOM,
  markers = [],
  polylines = [],
  includePoints,
  showDistrict = false,
  showLocation = false,
  pin,
  onPinChange,
  onRegionChange,
  onMarkerTap,
  height = DEFAULT_HEIGHT,
  ariaLabel,
  className,
  ...rest
}: MapViewProps) {
  const label = accessibleName(ariaLabel, rest)
  const holder = useRef<HTMLDivElement | null>(null)
  const mapRef = useRef<L.Map | null>(null)
  const [markerLayer, clusterLayer, lineLayer, districtLayer] = useMemo(
    () => [L.layerGroup(), L.layerGroup(), L.layerGroup(), L.layerGroup()],
    [],
  )
  // Event handlers read the latest props without rebuilding the map.
  const latest = useRef({ onPinChange, onRegionChange, onMarkerTap, pin })
  latest.current = { onPinChange, onRegionChange, onMarkerTap, pin }
  const redrawClusters = useRef<() => void>(() => undefined)

  // The map itself: created once per mount.
  useEffect(() => {
    const element = holder.current
    if (!element) return
    const map = L.map(element, {
      center: [center.lat, center.lng],
      zoom,
      minZoom: MIN_ZOOM,
      maxZoom: MAX_ZOOM,
      zoomControl: false,
      attributionControl: false,
    })
    mapRef.current = map
    if (TILE_URL) L.tileLayer(TILE_URL, { subdomains: '1234', maxZoom: MAX_ZOOM, maxNativeZoom: 18 }).addTo(map)
    districtLayer.addTo(map)
    lineLayer.addTo(map)
    clusterLayer.addTo(map)
    markerLayer.addTo(map)
    // A hidden map (a tab page in the background) has no size and no meaningful region.
    const reportRegion = () => {
      const size = map.getSize()
      if (size.x > 0 && size.y > 0) latest.current.onRegionChange?.(regionOf(map))
    }
    map.on('moveend', () => {
      redrawClusters.current()
      element.classList.toggle('map-view--labels', map.getZoom() >= STREET_LABELS_FROM_ZOOM)
      reportRegion()
    })
    map.on('click', (event: L.LeafletMouseEvent) => {
      const { pin: currentPin, onPinChange: notify } = latest.current
      if (!currentPin || !notify) return
      notify({ lat: event.latlng.lat, lng: event.latlng.lng })
    })
    element.classList.toggle('map-view--labels', zoom >= STREET_LABELS_FROM_ZOOM)
    // The first region, once the map has its size.
    map.whenReady(reportRegion)
    // The box may get its size after mount (tab pages, flex layouts).
    const resize = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => map.invalidateSize())
    resize?.observe(element)
    return () => {
      resize?.disconnect()
      map.remove()
      mapRef.current = null
    }
    // center/zoom are initial values here; later changes are handled below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // A new centre from the caller (compared by value).
  const shownCenter = useRef(center)
  useEffect(() => {
    const map = mapRef.current
    if (!map || samePoint(center, shownCenter.current)) return
    shownCenter.current = center
    map.setView([center.lat, center.lng], map.getZoom())
  }, [center])

  // District outline + streets, drawn under everything else.
  useEffect(() => {
    districtLayer.clearLayers()
    if (!showDistrict) return
    let alive = true
    Promise.all([loadBoundaries('district'), loadBoundaries('street')])
      .then(([district, streets]) => {
        if (!alive) return
        L.geoJSON(streets as never, {
          interactive: false,
          style: { className: 'map-view__street', color: '#1557b0', weight: 1.5, opacity: 0.55, fillColor: '#1557b0', fillOpacity: 0.04 },
          onEachFeature: (feature, layer) => {
            const name = (feature.properties as { name?: string }).name
            if (name) layer.bindTooltip(name, { permanent: true, direction: 'center', className: 'map-view__street-label' })
          },
        }).addTo(districtLayer)
        L.geoJSON(district as never, {
          interactive: false,
          style: { className: 'map-view__district', color: '#1557b0', weight: 3, opacity: 0.9, fill: false },
        }).addTo(districtLayer)
      })
      .catch(() => undefined) // decoration only: the map still works without it
    return () => {
      alive = false
    }
  }, [showDistrict, districtLayer])

  // Markers that stay single (pins of tickets, workers…), plus the clustered ones.
  useEffect(() => {
    markerLayer.clearLayers()
    const clustered: Array<PointFeature<ClusterProps>> = []
    markers.forEach((marker, index) => {
      if (marker.cluster) {
        clustered.push({ type: 'Feature', properties: { markerIndex: index }, geometry: { type: 'Point', coordinates: [marker.lng, marker.lat] } })
        return
      }
      placeMarker(marker, [marker.lat, marker.lng], markerLayer, () => latest.current.onMarkerTap?.(marker.id))
    })
    // "5个问题" when all clustered markers are of one kind, else "5个地点".
    const kinds = new Set(clustered.map((feature) => markers[feature.properties.markerIndex].kind))
    const clusterNoun = kinds.size === 1 ? MARKER_KIND_NAMES[[...kinds][0]] : '地点'
    const index = new Supercluster<ClusterProps, ClusterColors>({
      radius: CLUSTER_RADIUS_PX,
      maxZoom: MAX_ZOOM - 3,
      map: (properties) => {
        const color = markers[properties.markerIndex]?.color
        return color ? { [COLOR_KEY + color]: 1 } : {}
      },
      reduce: (into, from) => {
        for (const [key, count] of Object.entries(from)) if (key.startsWith(COLOR_KEY)) into[key] = (into[key] ?? 0) + count
      },
    })
    index.load(clustered)
    redrawClusters.current = () => {
      const map = mapRef.current
      clusterLayer.clearLayers()
      if (!map || clustered.length === 0) return
      const bounds = map.getBounds().pad(0.2)
      const features = index.getClusters([bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()], Math.round(map.getZoom()))
      for (const feature of features) {
        const [lng, lat] = feature.geometry.coordinates
        const properties = feature.properties as Partial<ClusterProperties> & Partial<ClusterProps> & ClusterColors
        if (properties.cluster) {
          const clusterId = properties.cluster_id as number
          const count = properties.point_count as number
          const placed = L.marker([lat, lng], { icon: clusterIcon(count, majorityColor(properties)), title: `${count}个${clusterNoun}，点按放大`, alt: `${count}个${clusterNoun}`, keyboard: true })
            .on('click', () => map.setView([lat, lng], Math.min(index.getClusterExpansionZoom(clusterId), MAX_ZOOM)))
            .addTo(clusterLayer)
          placed.getElement()?.setAttribute('aria-label', `${count}个${clusterNoun}，点按放大`)
        } else {
          const marker = markers[properties.markerIndex as number]
          placeMarker(marker, [lat, lng], clusterLayer, () => latest.current.onMarkerTap?.(marker.id))
        }
      }
    }
    redrawClusters.current()
  }, [markers, markerLayer, clusterLayer])

  // The resident's pin: drag it, or tap the map (handled above).
  const pinMarker = useRef<L.Marker | null>(null)
  const hasPin = Boolean(pin)
  useEffect(() => {
    if (!hasPin) return
    const map = mapRef.current
    const start = latest.current.pin
    if (!map || !start) return
    const marker = L.marker([start.lat, start.lng], {
      icon: markerIcon('pin'),
      draggable: true,
      autoPan: true,
      keyboard: true,
      title: '选定位置（可拖动）',
      alt: '选定位置',
      zIndexOffset: 1000,
    })
    marker.on('dragend', () => {
      const { lat, lng } = marker.getLatLng()
      latest.current.onPinChange?.({ lat, lng })
    })
    marker.addTo(map)
    pinMarker.current = marker
    return () => {
      marker.remove()
      pinMarker.current = null
    }
  }, [hasPin])
  useEffect(() => {
    const marker = pinMarker.current
    if (!marker || !pin) return
    const shown = marker.getLatLng()
    if (!samePoint(pin, { lat: shown.lat, lng: shown.lng })) marker.setLatLng([pin.lat, pin.lng])
  }, [pin])

  // "Me": the last position useLocation() found.
  useEffect(() => {
    const map = mapRef.current
    if (!showLocation || !map) return
    let me: L.Marker | null = null
    const show = (location: LatLng) => {
      if (me) me.setLatLng([location.lat, location.lng])
      else me = L.marker([location.lat, location.lng], { icon: markerIcon('me'), interactive: false, keyboard: false, title: '我的位置', alt: '我的位置' }).addTo(map)
    }
    const known = lastKnownLocation()
    if (known) show(known)
    const unsubscribe = subscribeToLocation(show)
    return () => {
      unsubscribe()
      me?.remove()
    }
  }, [showLocation])

  useEffect(() => {
    lineLayer.clearLayers()
    for (const line of polylines) {
      L.polyline(
        line.points.map((p) => [p.lat, p.lng] as [number, number]),
        { color: line.color ?? '#1557b0', weight: line.width ?? 4, dashArray: line.dashed ? '8 8' : undefined, interactive: false },
      ).addTo(lineLayer)
    }
  }, [polylines, lineLayer])

  // Fit the given points in view whenever they change (by value).
  const includeKey = includePoints?.map((p) => `${p.lat.toFixed(6)},${p.lng.toFixed(6)}`).join(';') ?? ''
  useEffect(() => {
    const map = mapRef.current
    if (!map || !includePoints?.length) return
    if (includePoints.length === 1) map.setView([includePoints[0].lat, includePoints[0].lng], map.getZoom())
    else map.fitBounds(L.latLngBounds(includePoints.map((p) => [p.lat, p.lng] as [number, number])), { padding: [40, 40], maxZoom: 17 })
    // includeKey stands for includePoints' value
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [includeKey])

  return (
    <View className={className ? `map-view map-view--h5 ${className}` : 'map-view map-view--h5'} style={{ height }}>
      <div ref={holder} className="map-view__map" role="region" aria-label={label} />
      <View className="map-view__zoom">
        <button type="button" className="map-view__zoom-button" aria-label="放大地图" onClick={() => mapRef.current?.zoomIn()}>
          +
        </button>
        <button type="button" className="map-view__zoom-button" aria-label="缩小地图" onClick={() => mapRef.current?.zoomOut()}>
          −
        </button>
      </View>
    </View>
  )
}
