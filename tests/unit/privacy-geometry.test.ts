/** Pre- and post-processing of the privacy detectors (#20): pure functions, no model. */
import {
  clampBox,
  fromTileUnit,
  iou,
  letterbox,
  nms,
  padBox,
  scaleBox,
  tilesFor,
  toPixelRect,
  unletterbox,
} from '../../mock-server/src/services/privacy/geometry'
import { decodeFaces, decodePlates, mergeRegions, passCost, planPasses, shareOf, DEFAULT_DETECTOR_OPTIONS } from '../../mock-server/src/services/privacy/models'

describe('letterbox', () => {
  it('fits a landscape photo into the square, centred, with bars above and below', () => {
    expect(letterbox(1600, 900, 320)).toEqual({ scale: 0.2, width: 320, height: 180, padX: 0, padY: 70, inputWidth: 320, inputHeight: 320 })
  })

  it('fits a portrait photo into the face model\'s 320×240, with bars left and right', () => {
    expect(letterbox(1200, 1600, 320, 240)).toEqual({ scale: 0.15, width: 180, height: 240, padX: 70, padY: 0, inputWidth: 320, inputHeight: 240 })
  })

  it('maps a box in model pixels back to the photo exactly', () => {
    const lb = letterbox(1600, 900, 320)
    // A plate drawn at 1462,625–1554,711 in the photo sits at x*0.2, y*0.2+70 in the model.
    const inModel = { x1: 1462 * 0.2, y1: 625 * 0.2 + 70, x2: 1554 * 0.2, y2: 711 * 0.2 + 70 }
    const back = unletterbox(inModel, lb)
    expect(back.x1).toBeCloseTo(1462)
    expect(back.y1).toBeCloseTo(625)
    expect(back.x2).toBeCloseTo(1554)
    expect(back.y2).toBeCloseTo(711)
  })
})

describe('non-maximum suppression', () => {
  const box = (x: number, y: number, size: number, score: number) => ({ x1: x, y1: y, x2: x + size, y2: y + size, score })

  it('keeps the best of overlapping boxes and every separate one', () => {
    const kept = nms([box(0, 0, 100, 0.8), box(5, 5, 100, 0.95), box(300, 300, 50, 0.7), box(2, 0, 100, 0.6)], 0.5)
    expect(kept).toEqual([box(5, 5, 100, 0.95), box(300, 300, 50, 0.7)])
  })

  it('keeps neighbours that overlap less than the threshold', () => {
    expect(iou(box(0, 0, 100, 1), box(60, 0, 100, 1))).toBeCloseTo(40 / 160)
    expect(nms([box(0, 0, 100, 0.9), box(60, 0, 100, 0.8)], 0.3)).toHaveLength(2)
  })

  it('merges a box lying mostly inside a better one (the same face cut by a tile edge)', () => {
    const whole = box(0, 0, 100, 0.9)
    const half = { x1: 0, y1: 0, x2: 50, y2: 100, score: 0.8 }
    expect(nms([whole, half], 0.6)).toHaveLength(2) // IoU 0.5
    expect(nms([whole, half], 0.6, 0.6)).toEqual([whole])
  })

  it('merges per kind: a face and a plate at the same place both stay', () => {
    const merged = mergeRegions([
      { kind: 'face', ...box(0, 0, 50, 0.9) },
      { kind: 'face', ...box(2, 2, 50, 0.7) },
      { kind: 'plate', ...box(0, 0, 50, 0.8) },
    ])
    expect(merged.map((r) => [r.kind, r.score])).toEqual([
      ['face', 0.9],
      ['plate', 0.8],
    ])
  })
})

describe('decoding the model outputs', () => {
  it('reads face rows above the threshold as unit boxes', () => {
    const scores = new Float32Array([0.9, 0.1, 0.2, 0.8, 0.35, 0.65])
    const boxes = new Float32Array([0, 0, 0.1, 0.1, 0.2, 0.3, 0.4, 0.5, 0.5, 0.5, 0.6, 0.6])
    const found = decodeFaces(scores, boxes, 0.7)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ x1: expect.closeTo(0.2, 5), x2: expect.closeTo(0.4, 5), score: expect.closeTo(0.8, 5) })
  })

  it('reads plate rows (centre, size, objectness, 4 corners, 2 classes) as corner boxes', () => {
    const row = (cx: number, cy: number, w: number, h: number, obj: number, single: number, double: number) => [cx, cy, w, h, obj, 0, 0, 0, 0, 0, 0, 0, 0, single, double]
    const rows = new Float32Array([...row(160, 100, 40, 16, 0.9, 0.95, 0.05), ...row(10, 10, 4, 4, 0.3, 0.9, 0.1), ...row(200, 200, 30, 20, 0.8, 0.1, 0.2)])
    const found = decodePlates(rows, 0.35)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ x1: 140, y1: 92, x2: 180, y2: 108 })
    expect(found[0].score).toBeCloseTo(0.855)
  })
})

describe('tiles and scaling back to the photo', () => {
  it('covers a 1600×1200 photo with overlapping face tiles, and none for a small photo', () => {
    const tiles = tilesFor(1600, 1200, 960, 720, 160)
    expect(tiles).toEqual([
      { left: 0, top: 0, width: 960, height: 720 },
      { left: 640, top: 0, width: 960, height: 720 },
      { left: 0, top: 480, width: 960, height: 720 },
      { left: 640, top: 480, width: 960, height: 720 },
    ])
    for (let i = 1; i < tiles.length; i++) if (tiles[i].top === tiles[i - 1].top) expect(tiles[i - 1].left + tiles[i - 1].width - tiles[i].left).toBeGreaterThanOrEqual(160)
    expect(tilesFor(1024, 768, 960, 720, 160)).toEqual([])
  })

  it('maps a unit box of a tile to photo pixels', () => {
    expect(fromTileUnit({ x1: 0.5, y1: 0.25, x2: 0.75, y2: 0.5 }, { left: 640, top: 480, width: 960, height: 720 })).toEqual({ x1: 1120, y1: 660, x2: 1360, y2: 840 })
  })

  it('scales a box from the photo to its thumbnail', () => {
    expect(scaleBox({ x1: 100, y1: 200, x2: 300, y2: 400 }, 1600, 1200, 320, 240)).toEqual({ x1: 20, y1: 40, x2: 60, y2: 80 })
  })

  it('pads a region a little and keeps it inside the photo, in whole pixels', () => {
    expect(padBox({ x1: 10, y1: 10, x2: 50, y2: 30 }, 0.25, 100, 100)).toEqual({ x1: 0, y1: 5, x2: 60, y2: 35 })
    expect(clampBox({ x1: -5, y1: 90, x2: 50, y2: 120 }, 100, 100)).toEqual({ x1: 0, y1: 90, x2: 50, y2: 100 })
    expect(toPixelRect({ x1: 10.6, y1: 5.2, x2: 20.1, y2: 9.9 }, 100, 100)).toEqual({ left: 10, top: 5, width: 11, height: 5 })
  })

  it('plans whole-photo passes plus tiles, and splits them evenly across two workers', () => {
    const passes = planPasses(1600, 1200, DEFAULT_DETECTOR_OPTIONS)
    expect(passes.filter((p) => p.model === 'face')).toHaveLength(5)
    expect(passes.filter((p) => p.model === 'plate' && p.tile === null)).toHaveLength(1)
    const a = shareOf(passes, 2, 0)
    const b = shareOf(passes, 2, 1)
    expect(a.length + b.length).toBe(passes.length)
    expect(new Set([...a, ...b]).size).toBe(passes.length)
    // By cost (a plate run costs ~2.3 face runs), not by count: within one plate run of each other.
    const cost = (list: typeof passes) => list.reduce((sum, p) => sum + passCost(p), 0)
    expect(Math.abs(cost(a) - cost(b))).toBeLessThanOrEqual(passCost({ model: 'plate', tile: null }))
  })
})
