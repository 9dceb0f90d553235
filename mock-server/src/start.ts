/**
 * `npm start`: rebuilds the H5 app and the operator console when missing or older than their
 * sources, then starts the backend serving both, with the dispatch simulator on unless SIM=0.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { loadConfig, projectRoot } from './config'
import { startServer } from './server'

const H5_SOURCES = ['src', 'contract', 'config', 'babel.config.js', 'package.json', '.env', '.env.production']

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0
  const stat = fs.statSync(target)
  if (!stat.isDirectory()) return stat.mtimeMs
  return fs
    .readdirSync(target)
    .reduce((newest, entry) => Math.max(newest, newestMtime(path.join(target, entry))), stat.mtimeMs)
}

export function h5BuildIsStale(h5Dir: string): boolean {
  const index = path.join(h5Dir, 'index.html')
  if (!fs.existsSync(index)) return true
  const built = fs.statSync(index).mtimeMs
  return H5_SOURCES.some((source) => newestMtime(path.join(projectRoot, source)) > built)
}

const config = loadConfig(process.env, { sim: true })
if (h5BuildIsStale(config.h5Dir)) {
  console.log('Building the H5 app (it is missing or older than its sources)…')
  const taro = path.join(projectRoot, 'node_modules', '.bin', 'taro')
  const build = spawnSync(taro, ['build', '--type', 'h5'], { cwd: projectRoot, stdio: 'inherit' })
  if (build.status !== 0) {
    console.error('The H5 build failed; see the output above.')
    process.exit(build.status ?? 1)
  }
}
const CONSOLE_SOURCES = ['console', 'contract', 'package.json']

export function consoleBuildIsStale(consoleDir: string): boolean {
  const index = path.join(consoleDir, 'index.html')
  if (!fs.existsSync(index)) return true
  const built = fs.statSync(index).mtimeMs
  return CONSOLE_SOURCES.some((source) => newestMtime(path.join(projectRoot, source)) > built)
}

if (consoleBuildIsStale(config.consoleDir)) {
  console.log('Building the operator console (it is missing or older than its sources)…')
  const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx')
  const build = spawnSync(tsx, [path.join(projectRoot, 'console', 'build.ts')], {
    cwd: projectRoot,
    stdio: 'inherit',
    env: { ...process.env, CONSOLE_OUT_DIR: config.consoleDir },
  })
  if (build.status !== 0) {
    console.error('The console build failed; see the output above.')
    process.exit(build.status ?? 1)
  }
}
startServer(config).catch((error) => {
  console.error(error)
  process.exit(1)
})
