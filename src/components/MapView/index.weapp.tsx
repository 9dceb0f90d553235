/**
 * MapView on weapp: WeChat's native <map> (GCJ-02). See types.ts for the contract.
 * WeChat wants numeric marker ids, so ours (strings allowed) are numbered per render and mapped
 * back on tap. Clustering is native: markers with `joinCluster` plus initMarkerCluster once.
 */
import { Image, Map, View } from '@tarojs/components'
import { METERS_PER_DEGREE_LAT, metersPerDegreeLng } from '@contract/geo-basics'
import Taro from '@tarojs/taro'
import { useCallback, useEffect, useMemo, useRef } from 'react'
import { useDistrictPolygons } from './districtPolygons'
import { MARKER_ICONS, MARKER_SIZE, PIN_SIZE } from './markerIcons'
import {
  DEFAULT_HEIGHT,
  DEFAULT_MAP_ID,
  DEFAULT_ZOOM,
  MARKER_KIND_NAMES,
  accessibleName,
  samePoint,
  type LatLng,
  type MapBBox,
  type MapMarker,
  type MapViewProps,
} from './types'
import './index.scss'

export type { LatLng, MapBBox, MapMarker, MapPolyline, MapRegion, MapViewProps, MarkerKind } from './types'

interface RegionEvent {
  type?: string
  detail?: {
    scale?: number
    centerLocation?: { latitude: number; longitude: number }
    region?: { northeast: { latitude: number; longitude: number }; southwest?: { latitude: number; longitude: number } }
  }
}

interface NativeMarker {
  id: number
  latitude: number
  longitude: number
  iconPath: string
  width: number
  height: number
  title?: string
  ariaLabel?: string
  joinCluster?: boolean
  anchor?: { x: number; y: number }
  callout?: { content: string; display: 'BYCLICK'; padding: number; borderRadius: number; fontSize: number; color: string; bgColor: string }
}

/** A rough bbox from centre + zoom + the window size, until the map can tell us its region. */
function estimateBBox(center: LatLng, zoom: number): MapBBox {
  let width = 375
  let height = 600
  try {
    const info = Taro.getWindowInfo?.() ?? Taro.getSystemInfoSync()
    width = info.windowWidth
    height = info.windowHeight
  } catch {
    // keep the phone-sized guess
  }
  const metersPerPixel = (156543.03 * Math.cos((center.lat * Math.PI) / 180)) / 2 ** zoom
  const halfLat = (height / 2) * metersPerPixel / METERS_PER_DEGREE_LAT
  const halfLng = (width / 2) * metersPerPixel / metersPerDegreeLng(center.lat)
  return { minLat: center.lat - halfLat, maxLat: center.lat + halfLat, minLng: center.lng - halfLng, maxLng: center.lng + halfLng }
}

export default function MapView({
  id = DEFAULT_MAP_ID,
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
  // The props WeChat sees for the centre change only when the caller moves it (by value).
  const shownCenter = useRef(center)
  const lastCenter = useRef(center)
  const context = useRef<Taro.MapContext>()
  const polygons = useDistrictPolygons(showDistrict)

  useEffect(() => {
    context.current = Taro.createMapContext(id)
    // Native clustering: a cluster tap zooms in by default. Silently absent on old base libraries.
    context.current?.initMarkerCluster?.({ enableDefaultStyle: true, zoomOnClick: true, gridSize: 60 })?.catch?.(() => undefined)
  }, [id])

  // The caller moved the centre (or the pin): bring the map there.
  const target = pin ?? center
  useEffect(() => {
    if (samePoint(target, lastCenter.current)) return
    lastCenter.current = target
    shownCenter.current = target
    context.current?.moveToLocation?.({ latitude: target.lat, longitude: target.lng })?.catch?.(() => undefined)
  }, [target])

  const report = useCallback(
    (centre: LatLng, bbox: MapBBox, scale: number) => {
      lastCenter.current = centre
      onRegionChange?.({ center: centre, bbox, zoom: scale })
    },
    [onRegionChange],
  )

  // The first region, so callers can load data before anyone touches the map.
  const reportedFirst = useRef(false)
  useEffect(() => {
    if (reportedFirst.current) return
    reportedFirst.current = true
    report(center, estimateBBox(center, zoom), zoom)
  }, [center, zoom, report])

  const handleRegionChange = useCallback(
    (event: RegionEvent) => {
      if (event.type !== 'end') return
      const detail = event.detail ?? {}
      const location = detail.centerLocation
      if (!location) return
      const centre = { lat: location.latitude, lng: location.longitude }
      const scale = detail.scale ?? zoom
      const { northeast, southwest } = detail.region ?? {}
      const bbox =
        northeast && southwest
          ? { minLat: southwest.latitude, minLng: southwest.longitude, maxLat: northeast.latitude, maxLng: northeast.longitude }
          : estimateBBox(centre, scale)
      report(centre, bbox, scale)
      // The centre pin: the map moved under it (a drag, or a tap that centred the map). A move we
      // made ourselves to show the caller's pin ends on that pin, so it does not echo back.
      if (pin && onPinChange && !samePoint(centre, pin)) onPinChange(centre)
    },
    [zoom, report, pin, onPinChange],
  )

  // A tap on the map centres it there; with a pin, the move ends in onPinChange.
  const handleTap = useCallback(
    (event: { detail?: { latitude?: number; longitude?: number } }) => {
      const { latitude, longitude } = event.detail ?? {}
      if (!pin || !onPinChange || latitude === undefined || longitude === undefined) return
      context.current?.moveToLocation?.({ latitude, longitude })?.catch?.(() => undefined)
    },
    [pin, onPinChange],
  )

  const numbered = useMemo(() => {
    const ids: MapMarker[] = []
    const native: NativeMarker[] = markers.map((marker, index) => {
      ids.push(marker)
      const markerName = marker.title ? `${MARKER_KIND_NAMES[marker.kind]}：${marker.title}` : MARKER_KIND_NAMES[marker.kind]
      const size = marker.kind === 'pin' ? PIN_SIZE : MARKER_SIZE
      return {
        id: index + 1,
        latitude: marker.lat,
        longitude: marker.lng,
        iconPath: marker.iconPath || MARKER_ICONS[marker.kind],
        width: size,
        height: size,
        ariaLabel: markerName,
        anchor: marker.kind === 'pin' ? { x: 0.5, y: 1 } : { x: 0.5, y: 0.5 },
        ...(marker.cluster ? { joinCluster: true } : {}),
        ...(marker.title
          ? { callout: { content: marker.title, display: 'BYCLICK' as const, padding: 8, borderRadius: 8, fontSize: 14, color: '#1f2329', bgColor: '#ffffff' } }
          : {}),
      }
    })
    return { native, ids }
  }, [markers])

  const handleMarkerTap = useCallback(
    (event: { detail?: { markerId?: number } }) => {
      const index = (event.detail?.markerId ?? 0) - 1
      const marker = numbered.ids[index]
      if (marker) onMarkerTap?.(marker.id)
    },
    [numbered, onMarkerTap],
  )

  const nativePolylines = useMemo(
    () =>
      polylines.map((line) => ({
        points: line.points.map((p) => ({ latitude: p.lat, longitude: p.lng })),
        color: line.color ?? '#1557b0',
        width: line.width ?? 4,
        dottedLine: line.dashed ?? false,
      })),
    [polylines],
  )
  const nativeIncludePoints = useMemo(() => includePoints?.map((p) => ({ latitude: p.lat, longitude: p.lng })), [includePoints])

  return (
    <View className={className ? `map-view ${className}` : 'map-view'} style={{ height }} aria-label={label}>
      <Map
        id={id}
        className="map-view__map"
        latitude={shownCenter.current.lat}
        longitude={shownCenter.current.lng}
        scale={zoom}
        markers={numbered.native as never}
        polyline={nativePolylines as never}
        polygons={polygons as never}
        includePoints={nativeIncludePoints}
        showLocation={showLocation}
        showScale
        onRegionChange={handleRegionChange as never}
        onMarkerTap={handleMarkerTap as never}
        onCalloutTap={handleMarkerTap as never}
        onTap={handleTap as never}
        onError={() => undefined}
      />
      {pin && (
        <Image className="map-view__center-pin" src={MARKER_ICONS.pin} style={{ width: `${PIN_SIZE}px`, height: `${PIN_SIZE}px` }} aria-hidden />
      )}
    </View>
  )
}
