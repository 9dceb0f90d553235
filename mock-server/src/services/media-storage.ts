/**
 * Where photo files live, behind one interface: `MediaStorage`. The default, `localDiskStorage`,
 * keeps the originals in one folder and their protected copies (#20) in another; another store
 * (object storage beside PostgreSQL) implements the same methods. File names are decided here:
 * `<id>.jpg` and `<id>_thumb.jpg`, for ids that cannot leave their folder.
 * Rows, URLs and the clean-up of unattached uploads are services/uploads.ts's.
 */
import fs from 'node:fs'
import path from 'node:path'

export interface MediaStorage {
  /** Absolute folder of the originals (local disk). */
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
}

/** 16 random bytes, base64url: 22 characters. */
export function isUploadId(id: string): boolean {
  return /^[A-Za-z0-9_-]{22}$/.test(id)
}

export function imageFileName(id: string): string {
  return `${id}.jpg`
}

export function thumbFileName(id: string): string {
  return `${id}_thumb.jpg`
}

function checkedId(id: string): string {
  // Ids become file names: refuse anything that could leave the folder.
  if (!isUploadId(id)) throw new Error(`Not an upload id: ${JSON.stringify(id)}`)
  return id
}

async function unlinkQuietly(file: string): Promise<void> {
  await fs.promises.rm(file, { force: true })
}

/** The default store: originals in `mediaDir`, protected copies in `publicDir` (both created). */
export function localDiskStorage(mediaDir: string, publicDir: string): MediaStorage {
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
  return {
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
  }
}
