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
import { cleanupUnattached, imageFileName, isUploadId, MEDIA_PREFIX, thumbFileName } from '../services/uploads'

export interface MediaStorage {
  /** Absolute folder of the files. */
  mediaDir: string
  /** Absolute paths of an upload's image and thumbnail (the originals). */
  filesOf(id: string): { image: string; thumb: string }
  /** Writes both files (never overwriting); on failure neither is left behind. */
  write(id: string, image: Buffer, thumb: Buffer): Promise<void>
  /** Absolute paths of the protected copies (served publicly). */
  protectedFilesOf(id: string): { image: string; thumb: string }
  /** Writes (or replaces, each file atomically) the protected copies. */
  writeProtected(id: string, image: Buffer, thumb: Buffer): Promise<void>
  /** Deletes the originals and the protected copies; missing files are fine. */
  remove(id: string): Promise<void>
  /** Runs the unattached-uploads cleanup now (the hourly job calls it too); returns how many went. */
  cleanup(now?: Date): Promise<number>
}

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

function checkedId(id: string): string {
  // Ids become file names: refuse anything that could leave the folder.
  if (!isUploadId(id)) throw new Error(`Not an upload id: ${JSON.stringify(id)}`)
  return id
}

async function unlinkQuietly(file: string): Promise<void> {
  await fs.promises.rm(file, { force: true })
}

export default fp(
  async (app) => {
    const inMemory = app.config.dataDir === ':memory:'
    const mediaDir = inMemory
      ? fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-media-'))
      : path.join(app.config.dataDir, 'media')
    // Beside the originals, not inside: the originals' folder is never served.
    const publicDir = `${mediaDir}-public`
    fs.mkdirSync(mediaDir, { recursive: true })
    fs.mkdirSync(publicDir, { recursive: true })

    const filesOf = (id: string) => ({
      image: path.join(mediaDir, imageFileName(checkedId(id))),
      thumb: path.join(mediaDir, thumbFileName(checkedId(id))),
    })
    const protectedFilesOf = (id: string) => ({
      image: path.join(publicDir, imageFileName(checkedId(id))),
      thumb: path.join(publicDir, thumbFileName(checkedId(id))),
    })
    const remove = async (id: string) => {
      const files = [filesOf(id), protectedFilesOf(id)].flatMap(({ image, thumb }) => [image, thumb])
      await Promise.all(files.map(unlinkQuietly))
    }
    // Thumbnail first, then the photo; each appears whole (rename) so a reader never sees half a file.
    const replaceFile = async (file: string, bytes: Buffer) => {
      const temp = `${file}.${process.pid}.${Date.now()}.tmp`
      await fs.promises.writeFile(temp, bytes)
      await fs.promises.rename(temp, file)
    }
    const storage: MediaStorage = {
      mediaDir,
      filesOf,
      remove,
      async write(id, image, thumb) {
        const files = filesOf(id)
        try {
          await Promise.all([
            fs.promises.writeFile(files.image, image, { flag: 'wx' }),
            fs.promises.writeFile(files.thumb, thumb, { flag: 'wx' }),
          ])
        } catch (error) {
          await remove(id)
          throw error
        }
      },
      protectedFilesOf,
      async writeProtected(id, image, thumb) {
        const files = protectedFilesOf(id)
        await replaceFile(files.thumb, thumb)
        await replaceFile(files.image, image)
      },
      cleanup: (now = app.clock.now()) => cleanupUnattached(app.db, storage, now),
    }
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
    app.addHook('onSend', async (request, reply) => {
      if (request.url.startsWith(MEDIA_PREFIX) && reply.statusCode === 200 && !/[?&]v=\d+/.test(request.url) && String(reply.getHeader('cache-control')).includes('immutable')) {
        reply.header('cache-control', 'public, max-age=300')
      }
    })

    // On the leader only (plugins/cluster.ts): with several instances the clean-up runs once.
    app.cluster.every('upload-cleanup', CLEANUP_INTERVAL_MS, async () => {
      const count = await storage.cleanup()
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
