import { Type, type Static } from '@sinclair/typebox'

/** A processed photo. URLs are paths under the API origin (`/media/...`); clients prefix the origin. */
export const Photo = Type.Object({
  id: Type.String(),
  url: Type.String({ description: 'Re-encoded image, at most 1600 px, EXIF (GPS) stripped' }),
  thumbUrl: Type.String({ description: '320 px thumbnail' }),
  width: Type.Integer(),
  height: Type.Integer(),
})
export type Photo = Static<typeof Photo>

/** Upload limits the app can check before sending (the server enforces them again). */
export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024
export const UPLOAD_ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif'] as const
export const PHOTO_MAX_SIDE = 1600
export const THUMB_MAX_SIDE = 320

/** POST /api/uploads answers the stored photo (always JPEG) and its size; attach it by `id` to a ticket within a day. */
export const UploadResponse = Type.Composite(
  [
    Photo,
    Type.Object({
      bytes: Type.Integer({ description: 'Size of the stored image (url) in bytes' }),
    }),
  ],
  { description: 'A stored photo, not yet attached to a ticket' },
)
export type UploadResponse = Static<typeof UploadResponse>
