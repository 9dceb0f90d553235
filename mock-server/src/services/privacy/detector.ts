/**
 * The privacy detector behind an interface: the real one is a small pool of worker threads (the
 * ONNX models never run on the event loop); tests pass a fake (failing, slow, or fixed boxes).
 * One photo's passes are split across the pool's workers, then merged here.
 */
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { Region } from './geometry'
import { mergeRegions, type DetectorOptions } from './models'
import type { WorkerJob, WorkerReply } from './worker'

export interface Detection {
  width: number
  height: number
  regions: Region[]
  /** Wall time of the detection (all workers). */
  ms: number
}

export interface PrivacyDetector {
  /** Faces and plates in a stored photo (JPEG, upright); rejects on model error or time-out. */
  detect(image: Buffer): Promise<Detection>
  close(): Promise<void>
}

export interface PoolOptions {
  /** Worker threads; 2 on this 2-core machine: one photo's passes run on both. */
  workers?: number
  /** A detection taking longer fails (and the workers are restarted). */
  timeoutMs?: number
  /** Loading both models in a fresh worker. */
  loadTimeoutMs?: number
  detector?: Partial<DetectorOptions>
}

const ENTRY = path.join(__dirname, 'worker-entry.cjs')

interface Slot {
  worker: Worker
  ready: Promise<void>
  pending: Map<number, { resolve: (reply: Extract<WorkerReply, { type: 'done' }>) => void; reject: (error: Error) => void }>
}

export class WorkerPoolDetector implements PrivacyDetector {
  private slots: Slot[] | null = null
  private queue: Promise<unknown> = Promise.resolve()
  private nextId = 1
  private closed = false
  readonly workers: number
  private readonly timeoutMs: number
  private readonly loadTimeoutMs: number

  constructor(private readonly options: PoolOptions = {}) {
    this.workers = Math.max(1, options.workers ?? 2)
    this.timeoutMs = options.timeoutMs ?? 30_000
    this.loadTimeoutMs = options.loadTimeoutMs ?? 60_000
  }

  /** Starts the workers and loads the models now (otherwise the first detection does). */
  async warmUp(): Promise<number> {
    const started = performance.now()
    await Promise.all(this.start().map((slot) => slot.ready))
    return performance.now() - started
  }

  private spawn(): Slot {
    const worker = new Worker(ENTRY, { workerData: { options: this.options.detector ?? {} } })
    worker.unref()
    const pending: Slot['pending'] = new Map()
    let markReady: () => void = () => undefined
    let failLoad: (error: Error) => void = () => undefined
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve
      failLoad = reject
    })
    ready.catch(() => undefined)
    const failAll = (error: Error) => {
      failLoad(error)
      for (const job of pending.values()) job.reject(error)
      pending.clear()
    }
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') return markReady()
      const job = pending.get(reply.id)
      if (!job) return
      pending.delete(reply.id)
      if (reply.type === 'done') job.resolve(reply)
      else job.reject(new Error(`detector: ${reply.message}`))
    })
    worker.on('error', (error) => failAll(error))
    worker.on('exit', (code) => {
      failAll(new Error(`detector worker exited (${code})`))
      if (this.slots?.some((slot) => slot.worker === worker)) this.slots = null
    })
    return { worker, ready, pending }
  }

  private start(): Slot[] {
    if (this.closed) throw new Error('detector is closed')
    this.slots ??= Array.from({ length: this.workers }, () => this.spawn())
    return this.slots
  }

  private async restart(): Promise<void> {
    const slots = this.slots
    this.slots = null
    await Promise.all((slots ?? []).map((slot) => slot.worker.terminate()))
  }

  private async run(image: Buffer): Promise<Detection> {
    const started = performance.now()
    const slots = this.start()
    const timeout = <T>(promise: Promise<T>, ms: number, what: string) => {
      let timer: NodeJS.Timeout | undefined
      return Promise.race([
        promise,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`detector: ${what} took over ${ms} ms`)), ms)
        }),
      ]).finally(() => clearTimeout(timer))
    }
    try {
      await timeout(Promise.all(slots.map((slot) => slot.ready)), this.loadTimeoutMs, 'loading the models')
      const replies = await timeout(
        Promise.all(
          slots.map((slot, index) => {
            const id = this.nextId++
            const job: WorkerJob = { id, image: new Uint8Array(image), share: { workers: slots.length, index } }
            return new Promise<Extract<WorkerReply, { type: 'done' }>>((resolve, reject) => {
              slot.pending.set(id, { resolve, reject })
              slot.worker.postMessage(job, [job.image.buffer as ArrayBuffer])
            })
          }),
        ),
        this.timeoutMs,
        'detection',
      )
      return {
        width: replies[0].width,
        height: replies[0].height,
        regions: mergeRegions(replies.flatMap((reply) => reply.regions)),
        ms: performance.now() - started,
      }
    } catch (error) {
      await this.restart()
      throw error
    }
  }

  /** One photo at a time: its passes already use every worker. */
  detect(image: Buffer): Promise<Detection> {
    const result = this.queue.then(() => this.run(image))
    this.queue = result.catch(() => undefined)
    return result
  }

  async close(): Promise<void> {
    this.closed = true
    await this.restart()
  }
}
