/**
 * GET /media/original/<file>?grant=…: an ORIGINAL photo (#20), for its uploader and staff only.
 * Checked on every request: a valid grant (see services/privacy/grants) or a bearer token names
 * the user, and that user must still be the uploader or staff; anyone else gets a 404 as if the
 * photo did not exist. Never cached by shared caches (private, no-store).
 * The protected copies are plain files at /media/<file> (plugins/storage).
 */
import fs from 'node:fs'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ApiError } from '../lib/api-error'
import { canSeeOriginal, isUploadId, type PhotoViewer } from '../services/uploads'

const FILE = /^([A-Za-z0-9_-]{22})(_thumb)?\.jpg$/

const mediaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/media/original/:file',
    {
      schema: {
        // Like the static /media/ files: not part of the API's documented surface.
        hide: true,
        tags: ['uploads'],
        summary: 'An original photo or thumbnail, for its uploader and staff (grant from the photo URL, or a bearer token)',
        params: Type.Object({ file: Type.String({ pattern: FILE.source }) }, { additionalProperties: false }),
        querystring: Type.Object({ grant: Type.Optional(Type.String({ maxLength: 80 })) }, { additionalProperties: false }),
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'image/jpeg' }),
          400: { $ref: 'ErrorResponse' },
          404: { $ref: 'ErrorResponse' },
        },
      },
    },
    async (request, reply) => {
      const [, id, thumb] = FILE.exec(request.params.file) ?? []
      const notFound = () => ApiError.notFound('Photo')
      if (!id || !isUploadId(id)) throw notFound()
      let viewer: PhotoViewer | null = request.user
      if (!viewer && request.query.grant) {
        const userId = app.privacy.signer.verify(id, request.query.grant, app.clock.now())
        if (userId !== null) viewer = (await app.db.selectFrom('users').select(['id', 'role']).where('id', '=', userId).executeTakeFirst()) ?? null
      }
      const row = await app.db.selectFrom('uploads').select(['id', 'owner_id']).where('id', '=', id).executeTakeFirst()
      if (!row || !canSeeOriginal(row, viewer)) throw notFound()
      const files = app.storage.filesOf(id)
      let bytes: Buffer
      try {
        bytes = await fs.promises.readFile(thumb ? files.thumb : files.image)
      } catch {
        throw notFound()
      }
      return reply
        .header('content-type', 'image/jpeg')
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(bytes)
    },
  )
}

export default mediaRoutes
