/**
 * Proof-of-work watermark for after-photos: a dark band along the bottom with the capture time in
 * China, the street and community, and the worker's number, drawn as an SVG text overlay and
 * composited by sharp (librsvg renders the text; CJK glyphs come from fonts-noto-cjk).
 * A separate step after processPhoto: it takes a processed photo and answers a stamped one.
 */
import sharp from 'sharp'
import type { ProcessedPhoto } from './photos'
import { chinaIso } from '@contract/china-time'
import { THUMB_MAX_SIDE } from '@contract/uploads'

const JPEG = { quality: 80, mozjpeg: true } as const

export interface WatermarkText {
  /** When the photo was taken. */
  at: Date
  /** e.g. 景泰街道 · 景泰社区 */
  place: string
  /** e.g. 工号 BY0012 王伟 */
  worker: string
}

/** 2026-11-25 10:00:00 (UTC+8), to the second: the shared China-time module's W3C form, spelled out. */
export function chinaTimeText(at: Date): string {
  return chinaIso(at).slice(0, 19).replace('T', ' ')
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!)
}

/** The band's height for an image height: 18 % of it, at least 72 px. */
export function watermarkBandHeight(height: number): number {
  return Math.min(height, Math.max(72, Math.round(height * 0.18)))
}

export function watermarkSvg(width: number, height: number, text: WatermarkText): string {
  const band = watermarkBandHeight(height)
  const size = Math.max(14, Math.round(band / 4.2))
  const lines = [`${chinaTimeText(text.at)} 北京时间`, text.place, text.worker]
  const x = Math.round(size * 0.8)
  const top = height - band
  const tspans = lines
    .map((line, i) => `<text x="${x}" y="${top + Math.round(size * 1.25 * (i + 1))}">${escapeXml(line)}</text>`)
    .join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect x="0" y="${top}" width="${width}" height="${band}" fill="#000" fill-opacity="0.55"/>
    <g font-family="Noto Sans CJK SC, Noto Sans CJK JP, Noto Serif CJK SC, sans-serif" font-size="${size}" fill="#fff" font-weight="bold">${tspans}</g>
  </svg>`
}

/** The photo with the watermark burnt in, re-encoded, and a thumbnail made from the stamped image. */
export async function stampWatermark(photo: ProcessedPhoto, text: WatermarkText): Promise<ProcessedPhoto> {
  const overlay = Buffer.from(watermarkSvg(photo.width, photo.height, text))
  const image = await sharp(photo.image).composite([{ input: overlay, top: 0, left: 0 }]).jpeg(JPEG).toBuffer()
  const thumb = await sharp(image).resize(THUMB_MAX_SIDE, THUMB_MAX_SIDE, { fit: 'inside', withoutEnlargement: true }).jpeg(JPEG).toBuffer()
  return { ...photo, image, thumb }
}
