/**
 * MapView: one map for both targets. USAGE NOTE for pages:
 *
 *   import MapView, { type MapMarker } from '@/components/MapView'
 *   <MapView ariaLabel="问题位置地图" center={point} pin={point} onPinChange={setPoint} showLocation />
 *
 * - Coordinates are GCJ-02 everywhere (useLocation() already returns GCJ-02 on both targets).
 * - weapp renders WeChat's native <map> (index.weapp.tsx); H5 renders our own offline Leaflet map
 *   (index.h5.tsx) with the district's boundaries drawn from /api/geo/district, so it needs no
 *   internet. An optional GCJ-02 tile layer comes from env TARO_APP_MAP_TILES (e.g. an AMap/高德
 *   style `https://.../{z}/{x}/{y}.png` template, in .env.local); unset = plain background.
 * - `center` is watched by value: pass a new point to move the map there; the user can pan freely.
 * - `pin`: a location the resident chooses. H5: a draggable pin, and a tap on the map moves it.
 *   weapp: the pin is fixed at the map centre and the MAP moves under it (drag the map, or tap a
 *   spot to centre it there); onPinChange gets the new centre when the move ends. Either way
 *   onPinChange fires only for the resident's moves, never for a `pin` you set yourself.
 * - onRegionChange fires once after the first layout and once after every settled move (pan,
 *   zoom, or a `center` change). It is NOT debounced: callers that load data per region debounce
 *   (see pages/facilities for an example with 400 ms).
 * - markers with `cluster: true` are clustered (weapp native `joinCluster`; H5 supercluster);
 *   tapping a cluster zooms in. onMarkerTap gets your marker's own id (string ids are fine).
 * - A marker's own `iconPath` (an image the page imports from its subpackage) and `color` (e.g. a
 *   status colour; H5 rings the icon with it and colours clusters by their markers' majority)
 *   override the kind's icon; see pages/public/map. Put the status in `title` too: it is the label.
 * - showDistrict draws street boundaries on H5 (on weapp too, as thin polygons).
 * - showLocation: weapp's native blue dot; on H5 the last position useLocation() found.
 */
export interface LatLng {
  lat: number
  lng: number
} // GCJ-02

export type MarkerKind = 'toilet' | 'garbage_point' | 'ticket' | 'worker' | 'pin' | 'me'

export interface MapMarker {
  id: number | string
  lat: number
  lng: number
  kind: MarkerKind
  /** Shown in the callout and read out after the kind's name: say what the marker is (and its status). */
  title?: string
  cluster?: boolean
  /**
   * This marker's own image instead of the kind's icon: a PNG imported by the caller (so it ships
   * in the caller's subpackage; weapp needs a real file, never a data URL). 32 px, round badge.
   */
  iconPath?: string
  /**
   * The marker's colour, e.g. its status colour. H5 draws it as a ring round the icon (readable
   * by tests and visible without the image); clusters (H5) take the colour most of their markers have.
   */
  color?: string
}

export interface MapPolyline {
  points: LatLng[]
  color?: string
  width?: number
  dashed?: boolean
}

export interface MapBBox {
  minLat: number
  minLng: number
  maxLat: number
  maxLng: number
}

export interface MapRegion {
  center: LatLng
  bbox: MapBBox
  zoom: number
}

export interface MapViewProps {
  /** Map id (weapp MapContext); default 'map'. */
  id?: string
  /** Initial / controlled centre (watched by value). */
  center: LatLng
  /** WeChat scale 3..20, default 16 (Leaflet zoom uses the same numbers). */
  zoom?: number
  markers?: MapMarker[]
  polylines?: MapPolyline[]
  /** Fit these in view (when the list of points changes). */
  includePoints?: LatLng[]
  /** Draw the street boundaries (and the district outline). */
  showDistrict?: boolean
  /** The blue "my location" dot. */
  showLocation?: boolean
  /** A location pin the resident moves (report flow); see the note above. */
  pin?: LatLng | null
  onPinChange?: (point: LatLng) => void
  /** After the first layout and after every settled move; not debounced. */
  onRegionChange?: (region: MapRegion) => void
  onMarkerTap?: (id: MapMarker['id']) => void
  /** CSS height, default '50vh'. */
  height?: string
  /** Accessible name, Chinese, e.g. '问题位置地图'. */
  ariaLabel: string
  className?: string
}

/** Chinese names of the marker kinds, for accessible labels. */
export const MARKER_KIND_NAMES: Record<MarkerKind, string> = {
  toilet: '公厕',
  garbage_point: '垃圾收集点',
  ticket: '问题',
  worker: '处置人员',
  pin: '选定位置',
  me: '我的位置',
}

/** Fallback centre when the resident's position is unknown: 白云区政府 (GCJ-02). */
export const DISTRICT_CENTER: LatLng = { lat: 23.1575, lng: 113.2735 }

export const DEFAULT_ZOOM = 16
export const DEFAULT_HEIGHT = '50vh'
export const DEFAULT_MAP_ID = 'map'

/** Two points closer than ~1 m count as the same (avoids echo loops between props and events). */
export function samePoint(a: LatLng | null | undefined, b: LatLng | null | undefined): boolean {
  if (!a || !b) return a === b
  return Math.abs(a.lat - b.lat) < 1e-5 && Math.abs(a.lng - b.lng) < 1e-5
}

/**
 * Taro's H5 JSX transform renames an `ariaLabel` prop to `aria-label` on every element, custom
 * components included, so MapView may receive either.
 */
export function accessibleName(ariaLabel: string | undefined, rest: object): string {
  return ariaLabel ?? (rest as Record<string, string | undefined>)['aria-label'] ?? ''
}
