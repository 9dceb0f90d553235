/**
 * Photos that travel with an outbox draft: each is uploaded once (its server id is kept in the
 * draft), and when the server says an uploaded photo is no longer usable (uploads expire after a
 * day) they are uploaded again from the device, once.
 */
import { toApiError } from '@/services/apiError'

export interface PendingPhoto {
  /** Stable within the draft (the local path may be dropped once uploaded). */
  id: string
  /** The compressed photo on the device: a temp/saved path on weapp, a data: URL on H5. */
  localPath: string
  /** Set once uploaded; the server keeps an unattached upload for a day. */
  uploadedId?: string
  thumbUrl?: string
}

export type UploadPhoto = (localPath: string, onProgress?: (percent: number) => void) => Promise<{ id: string; thumbUrl: string }>

export interface PhotoHooks<D> {
  /** A photo got its server id: persist it so a later retry does not upload it again. */
  onDraftChange?: (draft: D) => void
  onPhotoProgress?: (index: number, percent: number) => void
}

type WithPhotos = { photos: PendingPhoto[] }

/** The server ids of the uploaded photos, in order. */
export function uploadedIds(photos: PendingPhoto[]): string[] {
  return photos.map((photo) => photo.uploadedId).filter((id): id is string => Boolean(id))
}

/** Uploads what is not uploaded yet, in order. */
export async function uploadPendingPhotos<D extends WithPhotos>(draft: D, upload: UploadPhoto, hooks: PhotoHooks<D> = {}): Promise<D> {
  let current = draft
  for (let index = 0; index < current.photos.length; index++) {
    const photo = current.photos[index]
    if (photo.uploadedId) continue
    const uploaded = await upload(photo.localPath, (percent) => hooks.onPhotoProgress?.(index, percent))
    const photos = current.photos.map((item, at) => (at === index ? { ...item, uploadedId: uploaded.id, thumbUrl: uploaded.thumbUrl } : item))
    current = { ...current, photos }
    hooks.onDraftChange?.(current)
  }
  return current
}

export interface PhotoSubmission<D, R> {
  upload: UploadPhoto
  /** Sends the draft once its photos are up (with the draft's idempotency key). */
  submit: (draft: D) => Promise<R>
  /** The body field whose 400 means "those uploads are gone", e.g. 'body.photoIds'. */
  photoField: string
}

/** Uploads pending photos, then submits; re-uploads every photo once if the server lost them. */
export async function sendWithPhotos<D extends WithPhotos, R>(
  draft: D,
  { upload, submit, photoField }: PhotoSubmission<D, R>,
  hooks: PhotoHooks<D> = {},
): Promise<{ result: R; draft: D }> {
  let current = await uploadPendingPhotos(draft, upload, hooks)
  try {
    return { result: await submit(current), draft: current }
  } catch (error) {
    const apiError = toApiError(error)
    const expired = apiError.status === 400 && apiError.details.some((detail) => detail.field.startsWith(photoField))
    if (!expired) throw apiError
    current = { ...current, photos: current.photos.map(({ id, localPath }) => ({ id, localPath })) }
    current = await uploadPendingPhotos(current, upload, hooks)
    return { result: await submit(current), draft: current }
  }
}
