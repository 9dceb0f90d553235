/**
 * MapView on weapp (the native <map>): our markers become WeChat markers with numeric ids,
 * icon files, accessible names and native clustering; taps come back with OUR ids; a finished
 * move reports the region; the centre pin follows the map; a new centre moves the map.
 */
import { act, render } from '@testing-library/react'
import Taro from '@tarojs/taro'
import MapView from '@/components/MapView'
import type { MapViewProps } from '@/components/MapView/types'

jest.mock('@/components/MapView/markerIcons', () => ({
  MARKER_ICONS: { toilet: '/assets/map/toilet.png', garbage_point: '/assets/map/garbage_point.png', ticket: '/assets/map/ticket.png', worker: '/assets/map/worker.png', pin: '/assets/map/pin.png', me: '/assets/map/me.png' },
  MARKER_SIZE: 32,
  PIN_SIZE: 40,
}))

type NativeProps = Record<string, unknown> & {
  markers: Array<Record<string, unknown>>
  onMarkerTap: (event: unknown) => void
  onRegionChange: (event: unknown) => void
  onTap: (event: unknown) => void
}
let native: NativeProps
jest.mock('@tarojs/components', () => {
  const stubs = jest.requireActual('./stubs/components')
  return {
    ...stubs,
    Map: (props: NativeProps) => {
      native = props
      return <div aria-hidden />
    },
  }
})

const context = { initMarkerCluster: jest.fn(() => Promise.resolve()), moveToLocation: jest.fn(() => Promise.resolve()) }
Object.assign(Taro, {
  createMapContext: jest.fn(() => context),
  getWindowInfo: () => ({ windowWidth: 375, windowHeight: 600 }),
})

const CENTER = { lat: 23.1575, lng: 113.2735 }
const base: MapViewProps = { ariaLabel: '测试地图', center: CENTER }

/** The regionchange "end" WeChat sends after a pan. */
function panEnd(center: { lat: number; lng: number }) {
  return {
    type: 'end',
    causedBy: 'drag',
    detail: {
      scale: 17,
      centerLocation: { latitude: center.lat, longitude: center.lng },
      region: { southwest: { latitude: center.lat - 0.01, longitude: center.lng - 0.01 }, northeast: { latitude: center.lat + 0.01, longitude: center.lng + 0.01 } },
    },
  }
}

beforeEach(() => jest.clearAllMocks())

it('turns our markers into native ones and maps taps back to our ids', () => {
  const onMarkerTap = jest.fn()
  render(
    <MapView
      {...base}
      onMarkerTap={onMarkerTap}
      markers={[
        { id: 'wc-7', lat: 23.16, lng: 113.27, kind: 'toilet', title: '景泰公厕', cluster: true },
        { id: 42, lat: 23.17, lng: 113.28, kind: 'worker' },
      ]}
    />,
  )

  expect(native.markers).toEqual([
    expect.objectContaining({ id: 1, latitude: 23.16, longitude: 113.27, iconPath: '/assets/map/toilet.png', joinCluster: true, ariaLabel: '公厕：景泰公厕' }),
    expect.objectContaining({ id: 2, latitude: 23.17, longitude: 113.28, iconPath: '/assets/map/worker.png', ariaLabel: '处置人员' }),
  ])
  expect(native.markers[1]).not.toHaveProperty('joinCluster')
  expect(context.initMarkerCluster).toHaveBeenCalledWith(expect.objectContaining({ zoomOnClick: true }))

  act(() => native.onMarkerTap({ detail: { markerId: 1 } }))
  act(() => native.onMarkerTap({ detail: { markerId: 2 } }))
  expect(onMarkerTap.mock.calls).toEqual([['wc-7'], [42]])
})

it('reports the first region, then each finished move with its real bbox', () => {
  const onRegionChange = jest.fn()
  render(<MapView {...base} zoom={16} onRegionChange={onRegionChange} />)

  expect(onRegionChange).toHaveBeenCalledTimes(1)
  const first = onRegionChange.mock.calls[0][0]
  expect(first.center).toEqual(CENTER)
  expect(first.bbox.minLat).toBeLessThan(CENTER.lat)
  expect(first.bbox.maxLng).toBeGreaterThan(CENTER.lng)

  act(() => native.onRegionChange({ type: 'begin', causedBy: 'gesture', detail: {} }))
  expect(onRegionChange).toHaveBeenCalledTimes(1)
  act(() => native.onRegionChange(panEnd({ lat: 23.2, lng: 113.3 })))
  expect(onRegionChange).toHaveBeenLastCalledWith({
    center: { lat: 23.2, lng: 113.3 },
    bbox: { minLat: expect.closeTo(23.19), minLng: expect.closeTo(113.29), maxLat: expect.closeTo(23.21), maxLng: expect.closeTo(113.31) },
    zoom: 17,
  })
})

it('the centre pin: dragging the map moves the pin; a tap centres the map there', () => {
  const onPinChange = jest.fn()
  const { rerender } = render(<MapView {...base} pin={CENTER} onPinChange={onPinChange} />)

  act(() => native.onRegionChange(panEnd({ lat: 23.16, lng: 113.28 })))
  expect(onPinChange).toHaveBeenCalledWith({ lat: 23.16, lng: 113.28 })

  // The caller stores it: the map is already there, so nothing moves and nothing echoes.
  rerender(<MapView {...base} pin={{ lat: 23.16, lng: 113.28 }} onPinChange={onPinChange} />)
  expect(context.moveToLocation).not.toHaveBeenCalled()

  act(() => native.onTap({ detail: { latitude: 23.15, longitude: 113.25 } }))
  expect(context.moveToLocation).toHaveBeenCalledWith({ latitude: 23.15, longitude: 113.25 })
})

it('moves the map when the caller gives a new centre', () => {
  const { rerender } = render(<MapView {...base} />)
  rerender(<MapView {...base} center={{ ...CENTER }} />)
  expect(context.moveToLocation).not.toHaveBeenCalled() // same place, new object
  rerender(<MapView {...base} center={{ lat: 23.2, lng: 113.3 }} />)
  expect(context.moveToLocation).toHaveBeenCalledWith({ latitude: 23.2, longitude: 113.3 })
})
