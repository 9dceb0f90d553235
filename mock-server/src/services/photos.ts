/**
 * Photo processing: sniff the real type from the bytes (never the client's content type or
 * file name), then let sharp auto-rotate, shrink and re-encode to JPEG. Re-encoding writes no
 * metadata, so EXIF (GPS, camera serials) never reaches the disk or other residents.
 * sharp works on libuv's thread pool, so the event loop only waits, it does not compute.
 */
import { fileTypeFromBuffer } from 'file-type/node'
import sharp, { type Metadata } from 'sharp'
import { PHOTO_MAX_SIDE, THUMB_MAX_SIDE, UPLOAD_ACCEPTED_TYPES } from '@contract/uploads'
import { ApiError } from '../lib/api-error'

/**
 * Larger images are refused (413) before decoding. 26 MP fits every phone photo up to a 24 MP sensor
 * (6000×4000) and WeChat's compressed ones (≤ 12 MP); a full-resolution 48/50 MP shot is refused (a
 * 49 MP 16-bit PNG took 2.3 s and 100 MB to decode). 16-bit images count double: same memory.
 */
export const MAX_INPUT_PIXELS = 26_000_000

function tooLarge(detail: string): ApiError {
  return new ApiError(413, 'PAYLOAD_TOO_LARGE', `Image too large: ${detail}; at most ${MAX_INPUT_PIXELS / 1e6} megapixels`)
}
/** sharp refuses headers claiming more pixels than its limit: a decompression bomb, not a corrupt file. */
const PIXEL_LIMIT_ERROR = /pixel limit/i
const JPEG = { quality: 80, mozjpeg: true } as const
// HEIC/AVIF share the HEIF container; file-type names HEVC ones image/heic or image/heif.
const HEIF_TYPES = new Set(['image/heic', 'image/heic-sequence', 'image/heif', 'image/heif-sequence'])

export interface ProcessedPhoto {
  /** The re-encoded JPEG, long side ≤ PHOTO_MAX_SIDE, upright, no metadata. */
  image: Buffer
  width: number
  height: number
  thumb: Buffer
  /** The type sniffed from the upload, e.g. image/png. */
  sourceMime: string
}

/** The real type of the bytes, or a 415 naming what they are. */
export async function sniffImageType(bytes: Buffer): Promise<string> {
  const detected = await fileTypeFromBuffer(bytes)
  const mime = detected?.mime ?? 'unknown'
  if ((UPLOAD_ACCEPTED_TYPES as readonly string[]).includes(mime) || HEIF_TYPES.has(mime)) return mime
  const what = detected ? `${detected.mime} (.${detected.ext})` : 'not a recognised image (no known signature)'
  throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `Unsupported file type: ${what}. Send a JPEG, PNG or WebP photo.`)
}

function unreadable(detail: string): ApiError {
  return ApiError.invalidField('file', `is not a readable image (corrupt or truncated): ${detail}`)
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const lines = message.split('\n').filter((line) => !line.startsWith('source: bad seek'))
  return (lines.at(-1) ?? message).slice(0, 200)
}

/**
 * Checks and converts an upload held in memory (the route caps it at UPLOAD_MAX_BYTES).
 * Throws ApiError: 415 for other types and undecodable HEIC, 413 for too many pixels,
 * 400 (field `file`) for corrupt or truncated images.
 */
export async function processPhoto(bytes: Buffer): Promise<ProcessedPhoto> {
  const sourceMime = await sniffImageType(bytes)

  // The header alone: cheap, and lets us refuse before decoding any pixel.
  let meta: Metadata
  try {
    meta = await sharp(bytes).metadata()
  } catch (error) {
    if (PIXEL_LIMIT_ERROR.test(firstLine(error))) throw tooLarge('the header claims more pixels than any photo')
    throw unreadable(firstLine(error))
  }
  if (meta.format === 'heif' && meta.compression !== 'av1') {
    // The prebuilt libvips inside sharp ships libheif with AV1 (AVIF) only: HEVC needs libde265.
    throw new ApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `Unsupported file type: ${sourceMime} (${meta.compression ?? 'unknown'} compression) cannot be decoded here. Send a JPEG (WeChat's chooseMedia with sizeType 'compressed' does).`,
    )
  }
  const width = meta.width ?? 0
  const height = meta.height ?? 0
  const wide = meta.depth === 'ushort' || meta.depth === 'float' || meta.depth === 'double' ? 2 : 1
  if (width * height * wide > MAX_INPUT_PIXELS) {
    throw tooLarge(`${width}×${height} px${wide > 1 ? ' at 16 bits' : ''}`)
  }

  // failOn 'warning' (sharp's default) turns a truncated JPEG's "premature end" into an error.
  // rotate() applies the EXIF orientation; flatten() puts transparent PNG/WebP pixels on white.
  const input = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'warning' })
    .rotate()
    .flatten({ background: '#ffffff' })
  const fit = { fit: 'inside', withoutEnlargement: true } as const
  try {
    // JPEG inputs shrink on load; the thumbnail comes from the small result, so big inputs decode once.
    const image = await input.resize(PHOTO_MAX_SIDE, PHOTO_MAX_SIDE, fit).jpeg(JPEG).toBuffer({ resolveWithObject: true })
    const thumb = await sharp(image.data).resize(THUMB_MAX_SIDE, THUMB_MAX_SIDE, fit).jpeg(JPEG).toBuffer()
    return { image: image.data, width: image.info.width, height: image.info.height, thumb, sourceMime }
  } catch (error) {
    if (PIXEL_LIMIT_ERROR.test(firstLine(error))) throw tooLarge('more pixels than the header said')
    throw unreadable(firstLine(error))
  }
}
