import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { UPLOAD_MAX_BYTES, UploadResponse } from '@contract/uploads'
import { ApiError } from '../lib/api-error'
import { rateLimit } from '../lib/rate-limits'
import { processPhoto } from '../services/photos'
import { originalPhotoOf, saveUpload } from '../services/uploads'
import { parseCaptureFields, storeAfterPhoto } from '../services/work/after-photos'

function ticketIdField(raw: string): number {
  const id = Number(raw)
  if (!Number.isInteger(id) || id < 1) throw ApiError.invalidField('ticketId', 'must be a ticket id')
  return id
}

const MB = UPLOAD_MAX_BYTES / 1024 / 1024

/** POST /api/uploads: one photo in, one processed JPEG (+ thumbnail) stored, its Photo out. */
const uploadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Scoped to this plugin: the file is read in the handler (request.file()), so nothing is parsed before auth.
  await app.register(multipart, {
    limits: { fileSize: UPLOAD_MAX_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 20, headerPairs: 100 },
  })

  app.post(
    '/uploads',
    {
      preHandler: app.authenticate,
      config: { rateLimit: rateLimit(app, 'upload') },
      // The body schema is documentation only: the multipart stream is read by request.file(),
      // so there is no parsed body to validate.
      validatorCompiler: () => () => true,
      schema: {
        tags: ['uploads'],
        summary: 'Upload one photo (multipart field "file"); attach its id to a ticket within a day',
        description:
          `multipart/form-data with one file in the field \`file\`, at most ${MB} MB. The type is sniffed from the bytes ` +
          '(the declared content type and file name are ignored): JPEG, PNG, WebP and AVIF are accepted; HEIC/HEIF with ' +
          'HEVC compression cannot be decoded by this server (415). The photo is auto-rotated, shrunk to at most 1600 px ' +
          'on its long side, re-encoded as JPEG without any EXIF (GPS is removed), and gets a 320 px thumbnail. ' +
          'The answer names the ORIGINAL (/media/original/…, with a grant for the uploader; staff see it too). Faces and ' +
          'number plates are then detected and blurred off the request path into a protected copy (/media/…): the only ' +
          'copy anyone else gets; until it exists the photo is left out of every public view. Uploads not attached to a ticket within ' +
          '24 hours are deleted. A worker\'s after-photo adds the text fields `ticketId`, `lat`, `lng` (the phone at capture), ' +
          '`coordSystem` (gcj02 by default) and `capturedAt` (ISO time): it is stamped with a visible watermark (time in China, ' +
          'street/community, worker number) before it is stored.',
        security: [{ bearer: [] }],
        consumes: ['multipart/form-data'],
        body: Type.Object(
          { file: Type.String({ format: 'binary', description: `The photo, at most ${MB} MB` }) },
          { required: ['file'] },
        ),
        response: {
          201: UploadResponse,
          400: { $ref: 'ErrorResponse' },
          401: { $ref: 'ErrorResponse' },
          413: { $ref: 'ErrorResponse' },
          415: { $ref: 'ErrorResponse' },
          429: { $ref: 'ErrorResponse' },
        },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send multipart/form-data with the photo in the field "file"')
      }
      // Text fields may come before or after the file (after-photos carry ticketId and the capture point).
      const fields: Record<string, string> = {}
      let bytes: Buffer | null = null
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          fields[part.fieldname] = String(part.value)
          continue
        }
        if (part.fieldname !== 'file') {
          part.file.resume()
          throw ApiError.invalidField('file', `is required (got a file in the field "${part.fieldname}")`)
        }
        try {
          bytes = await part.toBuffer()
        } catch (error) {
          if (error instanceof app.multipartErrors.RequestFileTooLargeError) {
            throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `The photo is larger than ${MB} MB`)
          }
          throw error
        }
      }
      if (!bytes) throw ApiError.invalidField('file', 'is required: send the photo in the multipart field "file"')
      if (bytes.length === 0) throw ApiError.invalidField('file', 'is empty')

      const row =
        fields.ticketId !== undefined
          ? await storeAfterPhoto(app, request.user!, ticketIdField(fields.ticketId), bytes, parseCaptureFields(fields))
          : await saveUpload(app.db, app.storage, { ownerId: request.user!.id, photo: await processPhoto(bytes), now: app.clock.now() })
      request.log.info({ uploadId: row.id, afterPhotoOf: fields.ticketId, bytes: row.bytes }, 'photo stored')
      // The privacy step (#20) runs off the request path; nothing public exists until it succeeded.
      app.privacy.enqueue(row.id)
      return reply.status(201).send({ ...originalPhotoOf(row, request.user!, app.privacy.signer, app.clock.now()), bytes: row.bytes })
    },
  )
}

export default uploadRoutes
