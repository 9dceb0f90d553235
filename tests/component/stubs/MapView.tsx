/**
 * One stand-in for @/components/MapView (the real one is tested in map.test.tsx): a labelled
 * image carrying its markers and polylines as data attributes, and two buttons standing for the
 * resident's gestures: 拖动地图 (a settled move, onRegionChange) and 把图钉拖到别处 (the pin moved,
 * onPinChange). Tests read the last props with `lastMapProps()` and call its callbacks directly.
 *
 *   jest.mock('@/components/MapView', () => jest.requireActual('./stubs/MapView'))
 */
import type { LatLng, MapRegion, MapViewProps } from '@/components/MapView/types'

/** Where 拖动地图 moves the map: a box in 景泰街. */
export const MOVED_REGION: MapRegion = { center: { lat: 23.17, lng: 113.28 }, bbox: { minLat: 23.16, minLng: 113.27, maxLat: 23.18, maxLng: 113.29 }, zoom: 16 }
/** Where 把图钉拖到别处 puts the pin: 天河, outside 白云区. */
export const MOVED_PIN: LatLng = { lat: 23.132, lng: 113.323 }

let last: MapViewProps | undefined
export const lastMapProps = (): MapViewProps | undefined => last
export const resetMapProps = (): void => void (last = undefined)

export default function MapViewStandIn(props: MapViewProps) {
  last = props
  return (
    <>
      <div role="img" aria-label={props.ariaLabel} data-polylines={JSON.stringify(props.polylines)} data-markers={JSON.stringify(props.markers)} />
      {props.onRegionChange && (
        <button type="button" onClick={() => props.onRegionChange?.(MOVED_REGION)}>
          拖动地图
        </button>
      )}
      {props.onPinChange && (
        <button type="button" onClick={() => props.onPinChange?.(MOVED_PIN)}>
          把图钉拖到别处
        </button>
      )}
    </>
  )
}
