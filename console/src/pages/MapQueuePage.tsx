/** 一张图 with the queue beside it and the ticket drawer over it. */
import { useEffect, useState } from 'react'
import type { GeoFeatureCollection } from '@contract/geo'
import { loadBoundaries } from '../lib/geo'
import { ConsoleMap, LAYER_LABELS, type GridStat, type LayerKey } from '../map/ConsoleMap'
import { MapLegend } from '../map/MapLegend'

const NO_STATS = new Map<string, GridStat>()

export function MapQueuePage() {
  const [geo, setGeo] = useState<{ district: GeoFeatureCollection | null; streets: GeoFeatureCollection | null; grids: GeoFeatureCollection | null }>({ district: null, streets: null, grids: null })
  const [visible, setVisible] = useState<Record<LayerKey, boolean>>({ streets: true, grids: true, tickets: true, workers: true, tracks: true })
  const [grid, setGrid] = useState<{ code: string; name: string } | null>(null)

  useEffect(() => {
    let alive = true
    Promise.all([loadBoundaries('district'), loadBoundaries('street'), loadBoundaries('grid')])
      .then(([district, streets, grids]) => alive && setGeo({ district, streets, grids }))
      .catch(() => undefined)
    return () => {
      alive = false
    }
  }, [])

  return (
    <main className="workspace">
      <h1 className="visually-hidden">一张图</h1>
      <section className="map-panel" aria-label="地图">
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
        </div>
        <ConsoleMap
          {...geo}
          gridStats={NO_STATS}
          tickets={[]}
          workers={[]}
          visible={visible}
          selectedGrid={grid?.code ?? null}
          onGridClick={(code, name) => setGrid(code && name ? { code, name } : null)}
          onTicketClick={() => undefined}
        />
        <MapLegend />
      </section>
      <section className="queue-panel" aria-label="工单队列">
        {grid ? <p>{grid.name}</p> : null}
      </section>
    </main>
  )
}
