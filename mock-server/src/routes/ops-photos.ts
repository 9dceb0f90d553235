/**
 * /api/ops/photos: staff look at a photo's privacy state and mark a face or plate the detector
 * missed (#20). The box is blurred into the protected copy at once (a new version, so a new URL);
 * for a photo still pending it is kept and applied with the detection.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { PhotoIdParams, PhotoPrivacyState, RedactionBody, type PrivacyRegion } from '@contract/privacy'
import type { UploadRow } from '../db/schema'
import { ApiError } from '../lib/api-error'
import { bearerAuth, errorResponses } from '../lib/route-schemas'
import type { Region } from '../services/privacy/geometry'
import { regionsOf } from '../services/privacy/pipeline'
import { originalPhotoOf, protectedPhotoOf, type PhotoViewer } from '../services/uploads'

const regionOut = (r: Region): PrivacyRegion => ({
  kind: r.kind,
  x: Math.round(r.x1),
  y: Math.round(r.y1),
  width: Math.round(r.x2 - r.x1),
  height: Math.round(r.y2 - r.y1),
  score: r.score,
})

const opsPhotoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', app.requireRole('worker', 'dispatcher'))

  const load = async (id: string): Promise<UploadRow> => {
    const row = await app.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) throw ApiError.notFound('Photo')
    return row
  }
  const stateOf = (row: UploadRow, viewer: PhotoViewer): PhotoPrivacyState => ({
    id: row.id,
    status: row.privacy_status,
    attempts: row.privacy_attempts,
    lastError: row.privacy_error,
    retryAt: row.privacy_retry_at,
    detected: regionsOf(row.privacy_regions).map(regionOut),
    manual: regionsOf(row.privacy_manual).map(regionOut),
    original: originalPhotoOf(row, viewer, app.privacy.signer, app.clock.now()),
    protected: protectedPhotoOf(row),
  })

  app.get(
    '/photos/:id/privacy',
    {
      schema: {
        tags: ['ops'],
        summary: "A photo's privacy state: detected faces and plates, staff boxes, and both copies",
        security: bearerAuth,
        params: PhotoIdParams,
        response: { 200: PhotoPrivacyState, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => stateOf(await load(request.params.id), request.user!),
  )

  app.post(
    '/photos/:id/redactions',
    {
      schema: {
        tags: ['ops'],
        summary: 'Mark a face or number plate the detector missed; it is blurred in the protected copy',
        description: 'The box is in the stored photo\'s pixels (0 ≤ x, x + width ≤ Photo.width; the same for y and height).',
        security: bearerAuth,
        params: PhotoIdParams,
        body: RedactionBody,
        response: { 201: PhotoPrivacyState, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const row = await load(request.params.id)
      const { x, y, width, height } = request.body
      if (x + width > row.width) throw ApiError.invalidField('width', `x + width must be at most the photo's width ${row.width}`)
      if (y + height > row.height) throw ApiError.invalidField('height', `y + height must be at most the photo's height ${row.height}`)
      await app.privacy.addRedaction(row.id, { x1: x, y1: y, x2: x + width, y2: y + height })
      request.log.info({ uploadId: row.id, box: request.body, by: request.user!.id }, 'staff redaction added')
      return reply.status(201).send(stateOf(await load(row.id), request.user!))
    },
  )
}

export default opsPhotoRoutes
