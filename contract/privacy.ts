import { Type, type Static } from '@sinclair/typebox'
import { Photo } from './uploads'

/** Photo privacy (#20): faces and number plates are blurred in every copy but the original. */

export const PhotoIdParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{22}$', description: 'Upload id' }) }, { additionalProperties: false })
export type PhotoIdParams = Static<typeof PhotoIdParams>

/** A box over a face or plate the detector missed, in the stored photo's pixels (Photo.width × height). */
export const RedactionBody = Type.Object(
  {
    x: Type.Integer({ minimum: 0 }),
    y: Type.Integer({ minimum: 0 }),
    width: Type.Integer({ minimum: 4 }),
    height: Type.Integer({ minimum: 4 }),
  },
  { additionalProperties: false },
)
export type RedactionBody = Static<typeof RedactionBody>

export const PrivacyRegion = Type.Object({
  kind: Type.Union([Type.Literal('face'), Type.Literal('plate'), Type.Literal('manual')]),
  x: Type.Integer(),
  y: Type.Integer(),
  width: Type.Integer(),
  height: Type.Integer(),
  score: Type.Number({ description: 'Detector confidence (1 for staff boxes)' }),
})
export type PrivacyRegion = Static<typeof PrivacyRegion>

export const PhotoPrivacyState = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('ready')], {
    description: 'ready: the protected copy exists and is what everyone but the uploader and staff sees; pending: not public yet (queued, or failed and waiting for a retry)',
  }),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  retryAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  detected: Type.Array(PrivacyRegion),
  manual: Type.Array(PrivacyRegion),
  original: Photo,
  protected: Type.Union([Photo, Type.Null()], { description: 'The public copy; null while pending' }),
})
export type PhotoPrivacyState = Static<typeof PhotoPrivacyState>
