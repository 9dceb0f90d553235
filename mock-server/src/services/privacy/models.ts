/**
 * The two ONNX detectors on onnxruntime-web's WASM build (single-threaded: the worker thread that
 * runs this is the parallelism). Faces: Ultra-Light RFB-320 (input 1×3×240×320, RGB (p−127)/128;
 * outputs `scores` 1×4420×2 and `boxes` 1×4420×4 as corners in 0…1), run once on the whole photo
 * letterboxed and again on overlapping tiles so faces of 40 px in a 1600 px photo are big enough for
 * it. Plates: HyperLPR3 y5fu (input 1×3×320×320 RGB 0…1 letterboxed; output 1×6300×15 rows of
 * cx, cy, w, h, objectness, 4 corner points, 2 class scores) in model pixels.
 * Models live in mock-server/data/models (copied with their licences; see the README there).
 */
import fs from 'node:fs'
import path from 'node:path'
import * as ort from 'onnxruntime-web'
import sharp from 'sharp'
import { withoutInitializerInputs } from './onnx-inputs'
import { fromTileUnit, letterbox, nms, tilesFor, unletterbox, type Box, type Letterbox, type Region, type Tile } from './geometry'

export const MODELS_DIR = path.resolve(__dirname, '../../../data/models')
export const FACE_MODEL = path.join(MODELS_DIR, 'faces/version-RFB-320.onnx')
export const PLATE_MODEL = path.join(MODELS_DIR, 'plates/y5fu_320x_sim.onnx')

export interface DetectorOptions {
  faceThreshold: number
  plateThreshold: number
  /** Face tiles, in photo pixels (4:3 like the model input), and how much neighbours share. */
  faceTile: { width: number; height: number; overlap: number }
  /** Square plate tiles (each letterboxed to 320), for plates far away; overlap shared. */
  plateTile: { size: number; overlap: number }
}

/** Chosen on the labelled samples (tests/unit/privacy-quality.test.ts prints recall and precision). */
export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = {
  faceThreshold: 0.6,
  plateThreshold: 0.35,
  faceTile: { width: 960, height: 720, overlap: 160 },
  // 600 px tiles (scale 0.53 in the 320 input): 6 on a 1600×900 photo, 9 on 1600×1200, where 480 px
  // tiles took 12. The half-hidden 40×16 px plate of plate-1.jpg is still found; 560 and 640 miss it.
  plateTile: { size: 600, overlap: 100 },
}

const FACE_W = 320
const FACE_H = 240
const PLATE_SIZE = 320
const PLATE_ROW = 15
const PAD_GREY = 114

/** One model run: the whole photo (letterboxed) or one tile of it. */
export interface Pass {
  model: 'face' | 'plate'
  tile: Tile | null
}

/** Relative cost of a pass (measured in one worker: a face run 17.5 ms, a plate run 41 ms). */
export const passCost = (pass: Pass): number => (pass.model === 'plate' ? 2.3 : 1)

/** Every run a photo of this size needs: the whole photo per model, then each model's tiles. */
export function planPasses(width: number, height: number, opts: DetectorOptions = DEFAULT_DETECTOR_OPTIONS): Pass[] {
  const { faceTile, plateTile } = opts
  return [
    { model: 'face', tile: null },
    ...tilesFor(width, height, faceTile.width, faceTile.height, faceTile.overlap).map((tile) => ({ model: 'face' as const, tile })),
    { model: 'plate', tile: null },
    ...tilesFor(width, height, plateTile.size, plateTile.size, plateTile.overlap).map((tile) => ({ model: 'plate' as const, tile })),
  ]
}

/**
 * The passes worker `index` of `workers` runs: the costliest first, each to the least loaded worker
 * (longest-processing-time), so both finish at about the same time. Every worker works out the same
 * split on its own.
 */
export function shareOf(passes: Pass[], workers: number, index: number): Pass[] {
  if (workers <= 1) return passes
  const load = new Array<number>(workers).fill(0)
  const mine: Pass[] = []
  const costliestFirst = passes.map((pass, order) => ({ pass, order })).sort((a, b) => passCost(b.pass) - passCost(a.pass) || a.order - b.order)
  for (const { pass } of costliestFirst) {
    const least = load.indexOf(Math.min(...load))
    load[least] += passCost(pass)
    if (least === index) mine.push(pass)
  }
  return mine
}

/** The same face or plate seen by several passes becomes one region (per kind). */
export function mergeRegions(regions: Region[]): Region[] {
  const byKind = (kind: Region['kind']) => nms(regions.filter((r) => r.kind === kind), 0.3, 0.6)
  return [...byKind('face'), ...byKind('plate'), ...regions.filter((r) => r.kind === 'manual')]
}

export interface DetectionResult {
  width: number
  height: number
  /** Raw per-pass regions when from runPasses; merged ones from detect. */
  regions: Region[]
  decodeMs: number
  inferMs: number
  passes: number
}

interface RawPhoto {
  data: Buffer
  width: number
  height: number
}

/** HWC RGB bytes to a CHW float tensor, `(v - mean) / std`. */
function toTensor(rgb: Buffer, width: number, height: number, mean: number, std: number): ort.Tensor {
  const plane = width * height
  const out = new Float32Array(3 * plane)
  for (let i = 0, p = 0; p < plane; p++, i += 3) {
    out[p] = (rgb[i] - mean) / std
    out[plane + p] = (rgb[i + 1] - mean) / std
    out[2 * plane + p] = (rgb[i + 2] - mean) / std
  }
  return new ort.Tensor('float32', out, [1, 3, height, width])
}

/** The photo (or a tile of it, cut in the same pipeline) letterboxed to the model's input. */
async function letterboxed(photo: RawPhoto, lb: Letterbox, tile?: Tile): Promise<Buffer> {
  const source = sharp(photo.data, { raw: { width: photo.width, height: photo.height, channels: 3 } })
  return (tile ? source.extract(tile) : source)
    .resize(lb.width, lb.height, { fit: 'fill' })
    .extend({
      left: lb.padX,
      top: lb.padY,
      right: lb.inputWidth - lb.width - lb.padX,
      bottom: lb.inputHeight - lb.height - lb.padY,
      background: { r: PAD_GREY, g: PAD_GREY, b: PAD_GREY },
    })
    .raw()
    .toBuffer()
}

async function cropped(photo: RawPhoto, tile: Tile, width: number, height: number): Promise<Buffer> {
  return sharp(photo.data, { raw: { width: photo.width, height: photo.height, channels: 3 } })
    .extract(tile)
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer()
}

/** Face model output rows above the threshold, as unit boxes of its input. */
export function decodeFaces(scores: Float32Array, boxes: Float32Array, threshold: number): Array<Box & { score: number }> {
  const found: Array<Box & { score: number }> = []
  for (let i = 0; i < scores.length / 2; i++) {
    const score = scores[i * 2 + 1]
    if (score < threshold) continue
    found.push({ x1: boxes[i * 4], y1: boxes[i * 4 + 1], x2: boxes[i * 4 + 2], y2: boxes[i * 4 + 3], score })
  }
  return found
}

/** Plate model rows above the threshold (objectness × best class), as corner boxes in model pixels. */
export function decodePlates(rows: Float32Array, threshold: number): Array<Box & { score: number }> {
  const found: Array<Box & { score: number }> = []
  for (let r = 0; r + PLATE_ROW <= rows.length; r += PLATE_ROW) {
    const objectness = rows[r + 4]
    if (objectness < threshold) continue
    const score = objectness * Math.max(rows[r + 13], rows[r + 14])
    if (score < threshold) continue
    const [cx, cy, w, h] = [rows[r], rows[r + 1], rows[r + 2], rows[r + 3]]
    found.push({ x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2, score })
  }
  return found
}

export class PrivacyModels {
  private constructor(
    private readonly faces: ort.InferenceSession,
    private readonly plates: ort.InferenceSession,
    readonly options: DetectorOptions,
  ) {}

  static async load(options: DetectorOptions = DEFAULT_DETECTOR_OPTIONS): Promise<PrivacyModels> {
    ort.env.wasm.numThreads = 1
    ort.env.logLevel = 'error'
    // Weights listed as graph inputs are dropped first (face model: 21.7 → 13.6 ms a run, same scores).
    const session = (file: string) => ort.InferenceSession.create(withoutInitializerInputs(fs.readFileSync(file)), { logSeverityLevel: 3, graphOptimizationLevel: 'all' })
    const [faces, plates] = await Promise.all([session(FACE_MODEL), session(PLATE_MODEL)])
    return new PrivacyModels(faces, plates, options)
  }

  /** Faces and plates in a photo (any format sharp reads, already upright), merged, in its pixels. */
  async detect(image: Buffer, options: Partial<DetectorOptions> = {}): Promise<DetectionResult> {
    const opts = { ...this.options, ...options }
    const result = await this.runPasses(image, (width, height) => planPasses(width, height, opts), opts)
    return { ...result, regions: mergeRegions(result.regions) }
  }

  /**
   * Runs the passes `plan` picks for the photo's size (all of them, or a worker's share) and
   * returns their regions unmerged: the caller merges across workers with mergeRegions.
   */
  async runPasses(image: Buffer, plan: (width: number, height: number) => Pass[], options: Partial<DetectorOptions> = {}): Promise<DetectionResult> {
    const opts = { ...this.options, ...options }
    const t0 = performance.now()
    const { data, info } = await sharp(image).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true })
    const photo: RawPhoto = { data, width: info.width, height: info.height }
    const t1 = performance.now()
    const passes = plan(photo.width, photo.height)
    const regions: Region[] = []
    for (const pass of passes) {
      regions.push(...(pass.model === 'face' ? await this.facePass(photo, pass.tile, opts.faceThreshold) : await this.platePass(photo, pass.tile, opts.plateThreshold)))
    }
    return { width: photo.width, height: photo.height, regions, decodeMs: t1 - t0, inferMs: performance.now() - t1, passes: passes.length }
  }

  private async facePass(photo: RawPhoto, tile: Tile | null, threshold: number): Promise<Region[]> {
    if (!tile) {
      // The whole photo, letterboxed to 320×240 (large faces; portrait photos undistorted).
      const lb = letterbox(photo.width, photo.height, FACE_W, FACE_H)
      const found = await this.runFaces(await letterboxed(photo, lb), threshold)
      return found.map((unit) => ({
        ...unletterbox({ x1: unit.x1 * FACE_W, y1: unit.y1 * FACE_H, x2: unit.x2 * FACE_W, y2: unit.y2 * FACE_H }, lb),
        score: unit.score,
        kind: 'face' as const,
      }))
    }
    // A 4:3 tile stretched to the input: small faces at a larger scale.
    const found = await this.runFaces(await cropped(photo, tile, FACE_W, FACE_H), threshold)
    return found.map((unit) => ({ ...fromTileUnit(unit, tile), score: unit.score, kind: 'face' as const }))
  }

  private async runFaces(rgb: Buffer, threshold: number): Promise<Array<Box & { score: number }>> {
    const out = await this.faces.run({ input: toTensor(rgb, FACE_W, FACE_H, 127, 128) })
    return decodeFaces(out.scores.data as Float32Array, out.boxes.data as Float32Array, threshold)
  }

  private async platePass(photo: RawPhoto, tile: Tile | null, threshold: number): Promise<Region[]> {
    // A tile is cut and letterboxed in one sharp pipeline (two took 5 ms a tile, one 2 ms).
    const lb = tile ? letterbox(tile.width, tile.height, PLATE_SIZE) : letterbox(photo.width, photo.height, PLATE_SIZE)
    const out = await this.plates.run({ input: toTensor(await letterboxed(photo, lb, tile ?? undefined), PLATE_SIZE, PLATE_SIZE, 0, 255) })
    const dx = tile?.left ?? 0
    const dy = tile?.top ?? 0
    return nms(decodePlates(out.output.data as Float32Array, threshold), 0.45).map((b) => {
      const box = unletterbox(b, lb)
      return { x1: box.x1 + dx, y1: box.y1 + dy, x2: box.x2 + dx, y2: box.y2 + dy, score: b.score, kind: 'plate' as const }
    })
  }

  async release(): Promise<void> {
    await Promise.all([this.faces.release(), this.plates.release()])
  }
}
