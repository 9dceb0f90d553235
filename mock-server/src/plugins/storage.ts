/**
 * Media storage: processed photos (the originals) live in DATA_DIR/media (a temporary folder when
 * DATA_DIR is ':memory:') and are never served from here: routes/media.ts serves them to their
 * uploader and staff only. Their protected copies (#20: faces and plates blurred) live in
 * media-public under the same names and are served read-only at /media/<id>.jpg to anyone holding
 * the URL (like WeChat's own CDN); a photo whose protected copy is not written yet is a 404.
 * Ids are 128 random bits and never reused, and photoFor's URLs carry the copy's version, so
 * files are cached as immutable for a year.
 * An hourly job (on the leader instance) deletes uploads that no ticket took within a day.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import fp from 'fastify-plugin'
import { HOUR } from '../lib/clock'
import { isUploadId, localDiskStorage, type MediaStorage } from '../services/media-storage'
import { cleanupUnattached, MEDIA_PREFIX } from '../services/uploads'

export type { MediaStorage }

declare module 'fastify' {
  interface FastifyInstance {
    storage: MediaStorage
  }
}

export const CLEANUP_INTERVAL_MS = HOUR

/** `/<id>.jpg` or `/<id>_thumb.jpg`, as served below MEDIA_PREFIX. */
function isMediaPath(pathName: string): boolean {
  const match = /^\/(.+)\.jpg$/.exec(pathName)
  if (!match) return false
  const stem = match[1]
  return isUploadId(stem) || (stem.endsWith('_thumb') && isUploadId(stem.slice(0, -'_thumb'.length)))
}

export default fp(
  async (app) => {
    const inMemory = app.config.dataDir === ':memory:'
    const mediaDir = inMemory
      ? fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-media-'))
      : path.join(app.config.dataDir, 'media')
    // Beside the originals, not inside: the originals' folder is never served.
    const publicDir = `${mediaDir}-public`
    const storage = localDiskStorage(mediaDir, publicDir)
    app.decorate('storage', storage)

    await app.register(fastifyStatic, {
      root: publicDir,
      prefix: MEDIA_PREFIX,
      decorateReply: false, // h5-app registers @fastify/static too and owns reply.sendFile
      list: false,
      index: false,
      // Only names we write: `/media/` or anything else is a plain 404 (no listing, no 403 hints).
      allowedPath: (pathName) => isMediaPath(pathName),
      dotfiles: 'deny',
      cacheControl: true,
      maxAge: '365d',
      immutable: true,
      setHeaders: (res) => res.setHeader('x-content-type-options', 'nosniff'),
      schemaHide: true,
    })

    // A protected copy asked for without its version (?v=, which photoFor's URLs carry) may be
    // replaced by a staff box: such URLs are cached for minutes, not for a year.
    app.addHook('onSend', (request, reply, payload, done) => {
      if (request.url.startsWith(MEDIA_PREFIX) && reply.statusCode === 200 && !/[?&]v=\d+/.test(request.url) && String(reply.getHeader('cache-control')).includes('immutable')) {
        reply.header('cache-control', 'public, max-age=300')
      }
      done(null, payload)
    })

    // On the leader only (plugins/cluster.ts): with several instances the clean-up runs once.
    app.cluster.every('upload-cleanup', CLEANUP_INTERVAL_MS, async () => {
      const count = await cleanupUnattached(app.db, storage, app.clock.now())
      if (count) app.log.info({ count }, 'removed unattached uploads')
    })
    app.addHook('onClose', async () => {
      if (inMemory) {
        fs.rmSync(mediaDir, { recursive: true, force: true })
        fs.rmSync(publicDir, { recursive: true, force: true })
      }
    })
  },
  { name: 'storage', dependencies: ['db', 'cluster'] },
)
