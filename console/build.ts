/**
 * `npm run build:console`: the operator console (console/src) bundled by esbuild into
 * dist-console/ (or CONSOLE_OUT_DIR): content-hashed JS and CSS under assets/, an index.html that
 * names them, and a .br and .gz beside every asset so the backend can serve them precompressed.
 * The dashboard (uPlot) is its own chunk, loaded when first opened.
 */
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { build, type Metafile } from 'esbuild'

const ROOT = path.resolve(__dirname, '..')
/** Where the backend serves the console (plugins/console-app.ts); asset URLs start with it. */
export const CONSOLE_BASE = '/console/'

export interface ConsoleBuildResult {
  outDir: string
  /** Every emitted asset (relative to outDir) with its raw, brotli and gzip sizes in bytes. */
  assets: { file: string; bytes: number; br: number; gz: number }[]
  entryJs: string
  entryCss: string | null
  ms: number
}

const COMPRESSIBLE = /\.(js|css|html|svg|json)$/

function compress(file: string) {
  const raw = fs.readFileSync(file)
  const br = zlib.brotliCompressSync(raw, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  })
  const gz = zlib.gzipSync(raw, { level: 9 })
  fs.writeFileSync(`${file}.br`, br)
  fs.writeFileSync(`${file}.gz`, gz)
  return { bytes: raw.length, br: br.length, gz: gz.length }
}

function indexHtml(js: string, css: string | null, preload: string[]): string {
  return [
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    '<title>云报事 · 城管指挥调度台</title>',
    css ? `<link rel="stylesheet" href="${CONSOLE_BASE}${css}">` : '',
    ...preload.map((file) => `<link rel="modulepreload" href="${CONSOLE_BASE}${file}">`),
    `<script type="module" src="${CONSOLE_BASE}${js}"></script>`,
    '</head>',
    '<body>',
    '<noscript>调度台需要启用 JavaScript。</noscript>',
    '<div id="root"></div>',
    '</body>',
    '</html>',
    '',
  ]
    .filter(Boolean)
    .join('\n')
}

export async function buildConsole(outDir = path.resolve(ROOT, process.env.CONSOLE_OUT_DIR || 'dist-console')): Promise<ConsoleBuildResult> {
  const started = performance.now()
  // Build next to the target and swap, so a failed build never leaves half a folder behind.
  const temp = `${outDir}.tmp-${process.pid}`
  fs.rmSync(temp, { recursive: true, force: true })
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'console/src/main.tsx' },
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    target: ['chrome100', 'firefox100', 'safari15', 'edge100'],
    outdir: path.join(temp, 'assets'),
    entryNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    publicPath: `${CONSOLE_BASE}assets`,
    loader: { '.png': 'file', '.svg': 'file' },
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
  })
  const outputs = result.metafile.outputs as Metafile['outputs']
  const entry = Object.entries(outputs).find(([, output]) => output.entryPoint === 'console/src/main.tsx')
  if (!entry) throw new Error('esbuild produced no entry chunk')
  const rel = (file: string) => path.relative(temp, path.resolve(ROOT, file)).split(path.sep).join('/')
  const entryJs = rel(entry[0])
  const entryCss = entry[1].cssBundle ? rel(entry[1].cssBundle) : null
  // The chunks the entry imports statically load with it: preload them instead of waterfalling.
  const preload = entry[1].imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => rel(i.path))
  fs.writeFileSync(path.join(temp, 'index.html'), indexHtml(entryJs, entryCss, preload))

  const assets: ConsoleBuildResult['assets'] = []
  for (const file of [...Object.keys(outputs).map(rel), 'index.html']) {
    const full = path.join(temp, file)
    if (COMPRESSIBLE.test(file)) assets.push({ file, ...compress(full) })
    else assets.push({ file, bytes: fs.statSync(full).size, br: 0, gz: 0 })
  }
  fs.rmSync(outDir, { recursive: true, force: true })
  fs.renameSync(temp, outDir)
  return { outDir, assets, entryJs, entryCss, ms: performance.now() - started }
}

// Run directly (tsx console/build.ts), not imported (the bench imports buildConsole).
if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  buildConsole()
    .then(({ outDir, assets, ms }) => {
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
      for (const asset of assets) console.log(`${asset.file.padEnd(44)} ${kb(asset.bytes).padStart(9)}  br ${kb(asset.br).padStart(8)}  gz ${kb(asset.gz).padStart(8)}`)
      console.log(`console built into ${path.relative(ROOT, outDir)} in ${Math.round(ms)} ms`)
    })
    .catch((error) => {
      console.error(error)
      process.exit(1)
    })
}
