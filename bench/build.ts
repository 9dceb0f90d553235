/** Production Taro builds into the benchmark's own folders (never dist/ or dist-h5/, which others use). */
import { createRequire } from 'node:module'
import { spawn } from 'node:child_process'
import path from 'node:path'

// Node's resolver (the webpack typings in the shared tsconfig shadow `require`).
const nodeRequire = createRequire(__filename)

export const ROOT = path.resolve(__dirname, '..')
export const WEAPP_DIST = path.join(ROOT, '.builds/bench/dist')
export const H5_DIST = path.join(ROOT, '.builds/bench/dist-h5')

/** Runs `taro build --type <type>` into `outputDir`; resolves with the build's wall time in ms. */
export function taroBuild(type: 'weapp' | 'h5', outputDir: string): Promise<number> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nodeRequire.resolve('@tarojs/cli/bin/taro'), 'build', '--type', type], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', OUTPUT_DIR: path.relative(ROOT, outputDir) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let log = ''
    const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000))
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`taro build --type ${type} exited with ${code}:\n${log}`)),
    )
  })
}
