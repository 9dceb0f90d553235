/**
 * Photo pipeline: a generated phone-sized JPEG (a gradient with grain, so it compresses like a
 * photo rather than to nothing) through processPhoto (sniff, header check, rotate, shrink,
 * re-encode, thumbnail). Baseline: sharp alone shrinking the same JPEG to the same size.
 */
import sharp from 'sharp'
import { PHOTO_MAX_SIDE } from '@contract/uploads'
import { processPhoto } from '../mock-server/src/services/photos'
import { privacyRows } from './privacy'
import type { Scale } from './scale'
import { median } from './stats'
import type { Row } from './table'

/** A width×height JPEG: diagonal colour gradient plus deterministic per-pixel grain. */
export async function generatePhoto(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3)
  let seed = 12345
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0
      const grain = ((seed >>> 16) & 31) - 16
      const i = (y * width + x) * 3
      pixels[i] = Math.max(0, Math.min(255, ((x * 255) / width + grain) | 0))
      pixels[i + 1] = Math.max(0, Math.min(255, ((y * 255) / height + grain) | 0))
      pixels[i + 2] = Math.max(0, Math.min(255, (((x + y) * 127) / (width + height) + 64 + grain) | 0))
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer()
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now()
  const value = await fn()
  return [value, performance.now() - started]
}

export async function photoRows(scale: Scale, log: (line: string) => void) {
  const input = await generatePhoto(scale.photoWidth, scale.photoHeight)
  const megapixels = (scale.photoWidth * scale.photoHeight) / 1e6
  log(`  input: ${scale.photoWidth}×${scale.photoHeight} (${megapixels.toFixed(1)} MP) JPEG, ${(input.length / 1024 / 1024).toFixed(2)} MB`)
  const pipeline: number[] = []
  const baseline: number[] = []
  let stored = { image: 0, thumb: 0, width: 0, height: 0 }
  // One untimed pass each warms up libvips; then they alternate so drift hits both alike.
  await processPhoto(input)
  await sharp(input).resize(PHOTO_MAX_SIDE, PHOTO_MAX_SIDE, { fit: 'inside' }).jpeg().toBuffer()
  for (let run = 0; run < scale.photoRuns; run++) {
    const [photo, ms] = await timed(() => processPhoto(input))
    pipeline.push(ms)
    stored = { image: photo.image.length, thumb: photo.thumb.length, width: photo.width, height: photo.height }
    baseline.push((await timed(() => sharp(input).resize(PHOTO_MAX_SIDE, PHOTO_MAX_SIDE, { fit: 'inside' }).jpeg().toBuffer()))[1])
  }
  const section = `photo pipeline (processPhoto, ${megapixels.toFixed(0)} MP JPEG of ${(input.length / 1024 / 1024).toFixed(1)} MB, median of ${scale.photoRuns})`
  const rows: Row[] = [
    {
      section,
      measure: 'time per photo',
      value: median(pipeline),
      unit: 'ms',
      baseline: { label: 'sharp resize only', value: median(baseline) },
      ratio: median(pipeline) / median(baseline),
    },
    {
      section,
      measure: 'bytes stored (photo + thumbnail)',
      value: stored.image + stored.thumb,
      unit: 'B',
      baseline: { label: 'uploaded', value: input.length },
      ratio: (stored.image + stored.thumb) / input.length,
      note: `photo ${stored.width}×${stored.height} ${(stored.image / 1024).toFixed(0)} KB + thumbnail ${(stored.thumb / 1024).toFixed(1)} KB`,
    },
  ]
  // The privacy step (#20) runs after the upload's answer, in worker threads: its own section.
  const privacy = await privacyRows(scale, log)
  rows.push(...privacy.rows)
  return { rows, detail: { inputBytes: input.length, width: scale.photoWidth, height: scale.photoHeight, pipelineMs: pipeline, baselineMs: baseline, stored, privacy: privacy.detail } }
}
