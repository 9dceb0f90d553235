/**
 * Pure pre- and post-processing for the privacy detectors: boxes, IoU, non-maximum suppression,
 * letterboxing (plate model) and tiling (face model), and mapping boxes back to the photo.
 * No I/O and no model here, so it is unit-tested on its own (tests/unit/privacy-geometry.test.ts).
 */

/** An axis-aligned box in photo pixels: corners x1,y1 (inclusive) to x2,y2 (exclusive). */
export interface Box {
  x1: number
  y1: number
  x2: number
  y2: number
}

export type RegionKind = 'face' | 'plate' | 'manual'

/** A detected (or staff-marked) region with its score (1 for manual boxes). */
export interface Region extends Box {
  kind: RegionKind
  score: number
}

export const area = (b: Box): number => Math.max(0, b.x2 - b.x1) * Math.max(0, b.y2 - b.y1)

export function iou(a: Box, b: Box): number {
  const inter = area({ x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1), x2: Math.min(a.x2, b.x2), y2: Math.min(a.y2, b.y2) })
  if (inter === 0) return 0
  return inter / (area(a) + area(b) - inter)
}

/** How much of `inner` lies inside `outer` (0…1). */
export function coverage(inner: Box, outer: Box): number {
  const a = area(inner)
  if (a === 0) return 0
  return area({ x1: Math.max(inner.x1, outer.x1), y1: Math.max(inner.y1, outer.y1), x2: Math.min(inner.x2, outer.x2), y2: Math.min(inner.y2, outer.y2) }) / a
}

/**
 * Greedy non-maximum suppression: highest score first, drop every box overlapping a kept one by
 * more than `iouThreshold`. Also drops a box lying mostly (`containThreshold`) inside a kept one,
 * which merges the same face seen by two overlapping tiles at different crops.
 */
export function nms<T extends Box & { score: number }>(boxes: T[], iouThreshold: number, containThreshold = 1.01): T[] {
  const sorted = [...boxes].sort((a, b) => b.score - a.score)
  const kept: T[] = []
  for (const box of sorted) {
    if (kept.some((k) => iou(k, box) > iouThreshold || coverage(box, k) > containThreshold)) continue
    kept.push(box)
  }
  return kept
}

export function clampBox(b: Box, width: number, height: number): Box {
  return {
    x1: Math.min(width, Math.max(0, b.x1)),
    y1: Math.min(height, Math.max(0, b.y1)),
    x2: Math.min(width, Math.max(0, b.x2)),
    y2: Math.min(height, Math.max(0, b.y2)),
  }
}

/** Grows a box by `fraction` of its size on every side (at least `minPx`), kept inside the photo. */
export function padBox(b: Box, fraction: number, width: number, height: number, minPx = 2): Box {
  const dx = Math.max(minPx, (b.x2 - b.x1) * fraction)
  const dy = Math.max(minPx, (b.y2 - b.y1) * fraction)
  return clampBox({ x1: b.x1 - dx, y1: b.y1 - dy, x2: b.x2 + dx, y2: b.y2 + dy }, width, height)
}

/** Whole pixels covering the box (floor the start, ceil the end), inside the photo. */
export function toPixelRect(b: Box, width: number, height: number): { left: number; top: number; width: number; height: number } {
  const c = clampBox(b, width, height)
  const left = Math.floor(c.x1)
  const top = Math.floor(c.y1)
  return { left, top, width: Math.max(0, Math.ceil(c.x2) - left), height: Math.max(0, Math.ceil(c.y2) - top) }
}

/** Letterbox geometry: the photo scaled to fit the model input keeping its aspect, centred, padded. */
export interface Letterbox {
  scale: number
  /** Scaled photo size inside the input. */
  width: number
  height: number
  /** Padding before the photo (left, top) in model pixels. */
  padX: number
  padY: number
  /** The model input size. */
  inputWidth: number
  inputHeight: number
}

export function letterbox(photoWidth: number, photoHeight: number, inputWidth: number, inputHeight = inputWidth): Letterbox {
  const scale = Math.min(inputWidth / photoWidth, inputHeight / photoHeight)
  const width = Math.min(inputWidth, Math.round(photoWidth * scale))
  const height = Math.min(inputHeight, Math.round(photoHeight * scale))
  return { scale, width, height, padX: Math.floor((inputWidth - width) / 2), padY: Math.floor((inputHeight - height) / 2), inputWidth, inputHeight }
}

/** A box in letterboxed model pixels back to photo pixels. */
export function unletterbox(b: Box, lb: Letterbox): Box {
  return {
    x1: (b.x1 - lb.padX) / lb.scale,
    y1: (b.y1 - lb.padY) / lb.scale,
    x2: (b.x2 - lb.padX) / lb.scale,
    y2: (b.y2 - lb.padY) / lb.scale,
  }
}

/** A crop of the photo given to the face model (which stretches it to its fixed input). */
export interface Tile {
  left: number
  top: number
  width: number
  height: number
}

/**
 * Crops of `tileW`×`tileH` (clipped to the photo) covering it with at least `overlap` pixels shared
 * between neighbours, so a face cut by one tile's edge lies whole in the next. None when the photo
 * is hardly larger than one tile: the whole-photo pass (letterboxed) sees it at that scale already.
 */
export function tilesFor(photoWidth: number, photoHeight: number, tileW: number, tileH: number, overlap: number): Tile[] {
  if (photoWidth <= tileW * 1.25 && photoHeight <= tileH * 1.25) return []
  const starts = (total: number, size: number) => {
    if (total <= size) return [0]
    const count = Math.ceil((total - overlap) / (size - overlap))
    const step = (total - size) / (count - 1)
    return Array.from({ length: count }, (_, i) => Math.round(i * step))
  }
  const w = Math.min(tileW, photoWidth)
  const h = Math.min(tileH, photoHeight)
  const tiles: Tile[] = []
  for (const top of starts(photoHeight, h)) for (const left of starts(photoWidth, w)) tiles.push({ left, top, width: w, height: h })
  return tiles
}

/** A box given in 0…1 of a tile (the face model's output) to photo pixels. */
export function fromTileUnit(b: Box, tile: Tile): Box {
  return {
    x1: tile.left + b.x1 * tile.width,
    y1: tile.top + b.y1 * tile.height,
    x2: tile.left + b.x2 * tile.width,
    y2: tile.top + b.y2 * tile.height,
  }
}

/** Boxes from a photo of one size to the same photo at another size (e.g. photo → thumbnail). */
export function scaleBox(b: Box, fromWidth: number, fromHeight: number, toWidth: number, toHeight: number): Box {
  const sx = toWidth / fromWidth
  const sy = toHeight / fromHeight
  return { x1: b.x1 * sx, y1: b.y1 * sy, x2: b.x2 * sx, y2: b.y2 * sy }
}
