/**
 * Draws the tab bar icons (81×81 PNG, normal + selected) with node's zlib only, so the icons
 * need no design tool and stay a few hundred bytes each. Run: `npx tsx config/tabbar-icons.ts`.
 * The output is committed under src/assets/tabbar/; rerun only to change a shape or colour.
 */
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

const SIZE = 81
const SUPERSAMPLE = 4
/** Same colours as the tab bar text in app.config.ts (both ≥ 4.5:1 on white). */
const COLORS = { normal: [0x5f, 0x63, 0x68], selected: [0x15, 0x57, 0xb0] } as const

type Shape = (x: number, y: number) => boolean

const circle = (cx: number, cy: number, r: number): Shape => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r
const roundRect = (x0: number, y0: number, x1: number, y1: number, r: number): Shape => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r))
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r))
  return dx * dx + dy * dy <= r * r
}
const triangle = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): Shape => (x, y) => {
  const side = (px: number, py: number, qx: number, qy: number) => (qx - px) * (y - py) - (qy - py) * (x - px)
  const s1 = side(ax, ay, bx, by)
  const s2 = side(bx, by, cx, cy)
  const s3 = side(cx, cy, ax, ay)
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0)
}
const union = (...shapes: Shape[]): Shape => (x, y) => shapes.some((s) => s(x, y))
const minus = (shape: Shape, ...holes: Shape[]): Shape => (x, y) => shape(x, y) && !holes.some((h) => h(x, y))

const ICONS: Record<string, Shape> = {
  // 上报: a camera, since a report starts with a photo
  report: minus(
    union(roundRect(8, 22, 73, 66, 9), roundRect(27, 14, 54, 26, 4)),
    circle(40.5, 44, 14),
  ),
  reportInner: circle(40.5, 44, 8),
  // 附近设施: a map pin
  facilities: minus(union(circle(40.5, 32, 21), triangle(22, 41, 59, 41, 40.5, 72)), circle(40.5, 32, 8)),
  // 我的工单: a sheet with lines
  tickets: minus(
    roundRect(14, 8, 67, 73, 8),
    roundRect(20, 14, 61, 67, 4),
  ),
  ticketsLines: union(roundRect(26, 25, 55, 30, 2), roundRect(26, 38, 55, 43, 2), roundRect(26, 51, 45, 56, 2)),
}

const SHAPES: Record<string, Shape> = {
  report: union(ICONS.report, ICONS.reportInner),
  facilities: ICONS.facilities,
  tickets: union(ICONS.tickets, ICONS.ticketsLines),
}

function crc32(buffer: Buffer): number {
  let crc = ~0
  for (const byte of buffer) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1))
  }
  return ~crc >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** An RGBA PNG of one colour whose alpha is the anti-aliased coverage of `shape`. */
function drawPng(shape: Shape, [r, g, b]: readonly number[]): Buffer {
  const rows: Buffer[] = []
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 4) // leading 0 = no filter
    for (let x = 0; x < SIZE; x++) {
      let hits = 0
      for (let sy = 0; sy < SUPERSAMPLE; sy++)
        for (let sx = 0; sx < SUPERSAMPLE; sx++)
          if (shape(x + (sx + 0.5) / SUPERSAMPLE, y + (sy + 0.5) / SUPERSAMPLE)) hits++
      row.set([r, g, b, Math.round((255 * hits) / SUPERSAMPLE ** 2)], 1 + x * 4)
    }
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(SIZE, 0)
  header.writeUInt32BE(SIZE, 4)
  header.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const outDir = path.resolve(__dirname, '../src/assets/tabbar')
fs.mkdirSync(outDir, { recursive: true })
for (const [name, shape] of Object.entries(SHAPES)) {
  for (const [state, color] of Object.entries(COLORS)) {
    const file = path.join(outDir, `${name}${state === 'selected' ? '-active' : ''}.png`)
    fs.writeFileSync(file, drawPng(shape, color))
    console.log(`${path.relative(process.cwd(), file)} ${fs.statSync(file).size} B`)
  }
}
