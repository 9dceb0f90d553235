/**
 * Photo privacy (#20): decorates `app.privacy` with the queue that makes each upload's protected
 * copy off the request path, the signer for original-photo grants, and photoFor bound to both.
 * The detector (worker threads running the ONNX models) starts on the first photo; tests pass a
 * fake through AppDependencies.privacyDetector. Failed photos are retried by a timer (and at
 * start, which also covers photos stored before this step existed).
 */
import fp from 'fastify-plugin'
import type { UploadRow } from '../db/schema'
import { WorkerPoolDetector, type PrivacyDetector } from '../services/privacy/detector'
import type { Box, Region } from '../services/privacy/geometry'
import { createMediaSigner, loadSigningKey, type MediaSigner } from '../services/privacy/grants'
import { addManualRegion, dueUploads, protectUpload, SWEEP_INTERVAL_MS, type PrivacyContext, type ProtectOutcome } from '../services/privacy/pipeline'
import { photoFor, type PhotoViewer } from '../services/uploads'
import type { Photo } from '@contract/uploads'

export interface PhotoPrivacy {
  signer: MediaSigner
  detector: PrivacyDetector
  /** The copy `viewer` may see (original for uploader/staff, else protected or null). */
  photoFor(row: UploadRow, viewer: PhotoViewer | null | undefined): Photo | null
  /** Queues an upload for detection and blurring (no-op when queued already). */
  enqueue(id: string): void
  /** Queues every upload due (pending, retry time reached). */
  sweep(): Promise<number>
  /** Resolves when the queue is empty (tests, shutdown). */
  drain(): Promise<void>
  /** A staff box, blurred into the protected copy at once if it exists. */
  addRedaction(id: string, box: Box): Promise<{ regions: Region[]; version: number } | null>
  /** Outcomes so far, newest last (bounded): for tests and logs. */
  readonly outcomes: Array<{ id: string } & ProtectOutcome>
}

declare module 'fastify' {
  interface FastifyInstance {
    privacy: PhotoPrivacy
  }
}

export interface PhotoPrivacyOptions {
  detector?: PrivacyDetector
  /** How often failed photos are looked at again; 0 = never (tests call sweep()). */
  sweepIntervalMs?: number
}

export default fp(
  async (app, opts: PhotoPrivacyOptions) => {
    const detector = opts.detector ?? new WorkerPoolDetector({ workers: 2 })
    const signer = createMediaSigner(loadSigningKey(app.config.dataDir))
    const ctx: PrivacyContext = { db: app.db, storage: app.storage, detector, now: () => app.clock.now() }
    const queued = new Set<string>()
    const outcomes: PhotoPrivacy['outcomes'] = []
    let chain: Promise<unknown> = Promise.resolve()
    let closing = false

    // One job at a time: a photo's detection already uses every worker thread.
    const serial = <T>(job: () => Promise<T>): Promise<T> => {
      const result = chain.then(job)
      chain = result.catch(() => undefined)
      return result
    }

    const enqueue = (id: string) => {
      if (closing || queued.has(id)) return
      queued.add(id)
      void serial(async () => {
        try {
          if (closing) return
          const outcome = await protectUpload(ctx, id)
          outcomes.push({ id, ...outcome })
          if (outcomes.length > 200) outcomes.shift()
          if (outcome.status === 'ready') app.log.info({ uploadId: id, regions: outcome.regions.length, ms: Math.round(outcome.ms) }, 'photo protected')
          if (outcome.status === 'retry') app.log.warn({ uploadId: id, err: outcome.error, retryAt: outcome.retryAt }, 'photo privacy failed; queued for retry')
        } catch (error) {
          if (!closing) app.log.error({ err: error, uploadId: id }, 'photo privacy step crashed')
        } finally {
          queued.delete(id)
        }
      })
    }

    const sweep = async () => {
      if (closing) return 0
      const ids = await dueUploads(app.db, app.clock.now())
      ids.forEach(enqueue)
      return ids.length
    }

    const privacy: PhotoPrivacy = {
      signer,
      detector,
      photoFor: (row, viewer) => photoFor(row, viewer, signer, app.clock.now()),
      enqueue,
      sweep,
      drain: async () => {
        while (queued.size > 0) await chain
      },
      addRedaction: (id, box) => serial(() => addManualRegion(ctx, id, box)),
      outcomes,
    }
    app.decorate('privacy', privacy)

    const interval = opts.sweepIntervalMs ?? SWEEP_INTERVAL_MS
    const timer = interval > 0 ? setInterval(() => void sweep().catch((error: unknown) => app.log.error({ err: error }, 'privacy sweep failed')), interval).unref() : null
    if (interval > 0) app.addHook('onReady', async () => void (await sweep()))
    app.addHook('onClose', async () => {
      closing = true
      if (timer) clearInterval(timer)
      // Stop the models first, so a detection in flight fails fast instead of delaying shutdown.
      await detector.close()
      await chain
    })
  },
  { name: 'photo-privacy', dependencies: ['db', 'storage'] },
)
