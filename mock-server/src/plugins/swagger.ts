/** OpenAPI 3 from the route schemas, browsable at /docs (JSON at /docs/json). */
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'
import { ErrorResponse } from '@contract/schemas'
import { version } from '../../../package.json'

export default fp(
  async (app) => {
    app.addSchema(ErrorResponse)
    await app.register(swagger, {
      openapi: {
        info: {
          title: '云报事 work-order API',
          description:
            'The work-order platform behind the 云报事 mini-program: categories, tickets and their lifecycle, ' +
            'photos, facilities. Errors answer `{ code, message, details? }`.',
          version,
        },
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Token from POST /api/auth/login' } },
        },
      },
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `def-${index}`) },
    })
    await app.register(swaggerUi, { routePrefix: '/docs' })
  },
  { name: 'swagger' },
)
