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
