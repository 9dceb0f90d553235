import { useEffect, useMemo, useState } from 'react'
import { View, Text } from '@tarojs/components'
import MapView from '@/components/MapView'
import type { LatLng, MapMarker } from '@/components/MapView/types'
import type { WorkerTrack } from '@contract/tickets'
import { formatRelative } from '../lib/time'
import { getWorkerTrack } from '@/services/tickets'
import './TrackSection.scss'

interface TrackSectionProps {
  ticketId: number
  ticketLocation: LatLng
  /** The detail's refresh time: the track is re-read with every refresh. */
  refreshedAt: number
}

const TRACK_COLOR = '#1557b0'

/** Map markers and polyline for a worker's track toward the problem spot (all GCJ-02). */
export function trackLayers(track: WorkerTrack | undefined, ticketLocation: LatLng) {
  const points = track?.points.map(({ lat, lng }) => ({ lat, lng })) ?? []
  const last = points.at(-1)
  const markers: MapMarker[] = [{ id: 'ticket', kind: 'ticket', title: '问题位置', ...ticketLocation }]
  if (last) markers.push({ id: 'worker', kind: 'worker', title: track?.worker?.name ?? '处置人员', ...last })
  return {
    markers,
    polylines: points.length > 1 ? [{ points, color: TRACK_COLOR, width: 4 }] : [],
    includePoints: [ticketLocation, ...points],
  }
}

/** While the ticket is being handled: where the worker has been, as a line on the map. */
export default function TrackSection({ ticketId, ticketLocation, refreshedAt }: TrackSectionProps) {
  const [track, setTrack] = useState<WorkerTrack>()

  useEffect(() => {
    let alive = true
    getWorkerTrack(ticketId).then(
      (next) => alive && setTrack(next),
      () => undefined, // the map keeps the last track; the page already reports connection problems
    )
    return () => {
      alive = false
    }
  }, [ticketId, refreshedAt])

  // Same layers for the same track: the map redraws only when the track or the spot changes.
  const { lat, lng } = ticketLocation
  const { markers, polylines, includePoints } = useMemo(() => trackLayers(track, { lat, lng }), [track, lat, lng])
  const lastPoint = track?.points.at(-1)
  const name = track?.worker?.name ?? '处置人员'

  return (
    <View className="track-section">
      <Text className="track-section__text">
        {lastPoint ? `${name}的位置更新于${formatRelative(lastPoint.at, refreshedAt)}` : `${name}正在前往，暂未上报位置`}
      </Text>
      <MapView
        id="track-map"
        ariaLabel={`${name}前往问题地点的路线地图`}
        center={lastPoint ?? ticketLocation}
        zoom={16}
        markers={markers}
        polylines={polylines}
        includePoints={includePoints}
        height="260px"
        className="track-section__map"
      />
    </View>
  )
}
