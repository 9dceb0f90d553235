/**
 * The detector worker thread: loads both models once, then answers one job at a time: a photo
 * and the passes this worker should run (the pool splits a photo's passes across its workers).
 * Started through worker-entry.cjs, which registers tsx so this TypeScript runs as it is.
 */
import { parentPort, workerData } from 'node:worker_threads'
import sharp from 'sharp'
import type { Region } from './geometry'
import { DEFAULT_DETECTOR_OPTIONS, PrivacyModels, planPasses, shareOf, type DetectorOptions } from './models'

export interface WorkerJob {
  id: number
  image: Uint8Array
  /** Indexes into planPasses(width, height) for this worker. */
  share: { workers: number; index: number }
}

export type WorkerReply =
  | { type: 'ready'; loadMs: number }
  | { type: 'done'; id: number; width: number; height: number; regions: Region[]; decodeMs: number; inferMs: number; passes: number }
  | { type: 'error'; id: number; message: string }

async function main(): Promise<void> {
  const port = parentPort
  if (!port) throw new Error('worker.ts runs as a worker thread')
  const options: DetectorOptions = { ...DEFAULT_DETECTOR_OPTIONS, ...(workerData?.options ?? {}) }
  const started = performance.now()
  const models = await PrivacyModels.load(options)
  // The first run of a session compiles its kernels (seconds on a busy machine): do it now.
  const blank = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } }).jpeg().toBuffer()
  await models.runPasses(blank, (w, h) => planPasses(w, h, options))
  port.postMessage({ type: 'ready', loadMs: performance.now() - started } satisfies WorkerReply)
  port.on('message', (job: WorkerJob) => {
    models
      .runPasses(Buffer.from(job.image.buffer, job.image.byteOffset, job.image.byteLength), (w, h) => shareOf(planPasses(w, h, options), job.share.workers, job.share.index))
      .then((result) => port.postMessage({ type: 'done', id: job.id, ...result } satisfies WorkerReply))
      .catch((error: unknown) => port.postMessage({ type: 'error', id: job.id, message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply))
  })
}

void main()
