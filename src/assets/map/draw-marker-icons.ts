/**
 * Draws the map marker icons (PNG, 2× density for a 32 pt marker) from small SVGs with sharp,
 * so they need no design tool. The weapp <map> needs image files for `iconPath` (no data URLs);
 * the H5 map uses the same files so both targets look alike.
 * Run: `npx tsx src/assets/map/draw-marker-icons.ts`. The PNGs are committed beside this file;
 * rerun only to change a shape or colour. Not imported by the app.
 */
import path from 'node:path'
import sharp from 'sharp'

const SIZE = 96
/** 2× density for a 32 pt marker: sharp enough on a phone, and each file ~1 KB in the main package. */
const OUTPUT_SIZE = 64
/** Badge colours, all ≥ 4.5:1 against the white glyphs drawn on them. */
const BADGES: Record<string, { fill: string; glyph: string }> = {
  // 公厕: "WC"
  toilet: { fill: '#1557b0', glyph: '<text x="48" y="60" font-size="34" font-weight="700" text-anchor="middle" font-family="DejaVu Sans, sans-serif" fill="#fff">WC</text>' },
  // 垃圾收集点: a bin with a lid
  garbage_point: {
    fill: '#1b6e34',
    glyph:
      '<rect x="32" y="29" width="32" height="6" rx="2" fill="#fff"/><rect x="42" y="24" width="12" height="6" rx="2" fill="#fff"/>' +
      '<path d="M35 38 h26 l-3 32 h-20 z" fill="#fff"/><rect x="42" y="43" width="3" height="22" fill="#1b6e34"/><rect x="51" y="43" width="3" height="22" fill="#1b6e34"/>',
  },
  // 工单: an exclamation mark
  ticket: { fill: '#b3261e', glyph: '<rect x="43" y="22" width="10" height="34" rx="5" fill="#fff"/><circle cx="48" cy="68" r="6" fill="#fff"/>' },
  // 处置人员: a person
  worker: { fill: '#8a4b00', glyph: '<circle cx="48" cy="34" r="10" fill="#fff"/><path d="M28 72 a20 20 0 0 1 40 0 z" fill="#fff"/>' },
}

function badge(fill: string, glyph: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 96 96">
  <circle cx="48" cy="48" r="44" fill="#fff"/><circle cx="48" cy="48" r="38" fill="${fill}"/>${glyph}</svg>`
}

const SVGS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(BADGES).map(([kind, { fill, glyph }]) => [kind, badge(fill, glyph)])),
  // The location pin the resident moves: a red drop whose tip is the point (anchor bottom centre).
  pin: `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 96 96">
  <path d="M48 94 C40 76 18 60 18 38 a30 30 0 0 1 60 0 C78 60 56 76 48 94 z" fill="#b3261e" stroke="#fff" stroke-width="4"/>
  <circle cx="48" cy="38" r="11" fill="#fff"/></svg>`,
  // "Me": a blue dot with a white ring and a soft halo.
  me: `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 96 96">
  <defs><radialGradient id="halo"><stop offset="0.4" stop-color="#1a73e8" stop-opacity="0.35"/><stop offset="1" stop-color="#1a73e8" stop-opacity="0.05"/></radialGradient></defs>
  <circle cx="48" cy="48" r="44" fill="url(#halo)"/><circle cx="48" cy="48" r="20" fill="#fff"/>
  <circle cx="48" cy="48" r="14" fill="#1a73e8"/></svg>`,
}

async function main() {
  for (const [kind, svg] of Object.entries(SVGS)) {
    const file = path.join(__dirname, `${kind}.png`)
    // A 64-colour palette keeps each icon near 1 KB (they ship in the main package).
    await sharp(Buffer.from(svg)).resize(OUTPUT_SIZE).png({ palette: true, colours: 32, compressionLevel: 9, effort: 10 }).toFile(file)
    console.log(file)
  }
}

void main()
