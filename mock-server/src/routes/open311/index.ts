/**
 * Open311 GeoReport v2 at /open311/v2 (registered with that prefix): discovery, services, service
 * definitions, requests (POST and GET), one request, tokens; each in .json and .xml. It keeps its
 * own error format (a list of { code, description }, XML <errors><error/>) and 404 handler, and
 * its own form-body parser, none of which leak into /api.
 */
import crypto from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { TSchema } from '@sinclair/typebox'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import {
  Discovery,
  FormatParams,
  JurisdictionQuery,
  ListRequestsQuery,
  OPEN311_FORMATS,
  OPEN311_MIME,
  OPEN311_SPECIFICATION,
  Open311Errors,
  Open311ServiceList,
  PostRequestBody,
  PostRequestResponse,
  RequestIdParams,
  RequestQuery,
  ServiceCodeParams,
  ServiceDefinition,
  ServiceRequestList,
  TokenParams,
  TokenResponse,
  type Open311Format,
} from '@contract/open311'
import { fileTicketLimit, rateLimit } from '../../lib/rate-limits'
import { findCategory, listCategories } from '../../services/categories'
import { DEV_API_KEY, JURISDICTION_ID, SERVICES_CHANGESET, toService, toServiceDefinition } from '../../services/open311/definitions'
import { Open311Failure, toOpen311Errors } from '../../services/open311/errors'
import { FORM_BODY_LIMIT, FormTooLargeError, dropEmpty, formField, parseForm } from '../../services/open311/form'
import { getServiceRequest, listServiceRequests, postServiceRequest, requestIdFromToken } from '../../services/open311/requests'
import { discoveryXml, errorsXml, requestsXml, serviceDefinitionXml, serviceRequestsXml, servicesXml } from '../../services/open311/xml'

const CONTENT_TYPE: Record<Open311Format, string> = { json: `${OPEN311_MIME.json}; charset=utf-8`, xml: `${OPEN311_MIME.xml}; charset=utf-8` }

/** The answer in both formats, for the OpenAPI docs (JSON is also serialized by it: unknown fields never leave). */
const answer = (schema: TSchema, description: string) => ({
  description,
  content: {
    [OPEN311_MIME.json]: { schema },
    [OPEN311_MIME.xml]: { schema: { type: 'string', description: 'The same fields as XML elements' } },
  },
})
const errorAnswers = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [code, answer(Open311Errors, code === 403 ? 'Missing or invalid api_key' : code === 404 ? 'Not found' : 'Bad request')]))

function formatOf(request: FastifyRequest): Open311Format {
  const param = (request.params as { format?: string } | undefined)?.format
  if (param && (OPEN311_FORMATS as readonly string[]).includes(param)) return param as Open311Format
  const extension = /\.(json|xml)$/.exec(request.url.split('?')[0])
  // XML is the spec's required format, so it is the fallback.
  return (extension?.[1] as Open311Format | undefined) ?? 'xml'
}

function send<T>(reply: FastifyReply, format: Open311Format, data: T, toXml: (data: T) => string, status = 200) {
  reply.status(status).type(CONTENT_TYPE[format])
  return reply.send(format === 'json' ? data : toXml(data))
}

const sha = (text: string) => crypto.createHash('sha256').update(text).digest()

/** Constant-time comparison against every configured key. */
function validKey(keys: string[], candidate: string): boolean {
  const digest = sha(candidate)
  return keys.reduce((found, key) => crypto.timingSafeEqual(sha(key), digest) || found, false)
}

const open311Routes: FastifyPluginAsyncTypebox = async (app) => {
  const keys = app.config.open311ApiKeys
  // Absolute URLs come from PUBLIC_URL: the Host header is the client's to choose.
  const origin = (_request: FastifyRequest) => app.config.publicUrl
  const checkKey = (key: unknown) => {
    if (key === undefined) throw new Open311Failure(403, 'api_key was not provided -- can\'t proceed with create_request')
    if (typeof key !== 'string' || !validKey(keys, key)) throw new Open311Failure(403, 'Invalid api_key received -- can\'t proceed with create_request')
  }

  // The api_key is checked before the rest of the body is parsed: a caller without a key costs
  // one scan. The parser itself is linear and caps the number of fields (services/open311/form).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (request, body, done) => {
    const text = body as string
    try {
      if (request.method === 'POST') checkKey(formField(text, 'api_key') ?? (request.query as { api_key?: unknown } | undefined)?.api_key)
      done(null, parseForm(text))
    } catch (error) {
      if (error instanceof FormTooLargeError) done(new Open311Failure(413, `${error.message}; a service request needs far fewer`), undefined)
      else done(error as Error, undefined)
    }
  })

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, errors } = toOpen311Errors(error)
    if (status >= 500) request.log.error({ err: error }, 'open311 request failed')
    else request.log.info({ errors }, 'open311 request refused')
    return send(reply, formatOf(request), errors, errorsXml, status)
  })

  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    send(reply, formatOf(request), [{ code: 404, description: `${request.method} ${request.url.split('?')[0]} is not an Open311 resource; start at ${app.prefix}/discovery.json` }], errorsXml, 404)
  app.setNotFoundHandler(notFound)
  // The H5 app's static files answer GET /* at the root; this keeps unknown Open311 paths here.
  app.get('/*', { schema: { hide: true } }, notFound)

  // Optional arguments: empty counts as absent (spec "Optional Arguments"); repeated ones join with commas.
  app.addHook('preValidation', async (request) => {
    if (request.query && typeof request.query === 'object') dropEmpty(request.query as Record<string, unknown>, true)
    if (request.body && typeof request.body === 'object' && !Array.isArray(request.body)) dropEmpty(request.body as Record<string, unknown>, false)
    const jurisdiction =
      (request.query as { jurisdiction_id?: unknown } | undefined)?.jurisdiction_id ?? (request.body as { jurisdiction_id?: unknown } | undefined)?.jurisdiction_id
    if (jurisdiction !== undefined && jurisdiction !== JURISDICTION_ID) {
      throw Open311Failure.notFound(`jurisdiction_id ${String(jurisdiction)} was not found; this endpoint serves ${JURISDICTION_ID}`)
    }
  })

  const tags = ['open311']

  app.get(
    '/discovery.:format',
    {
      schema: {
        tags,
        summary: 'Service discovery: where the GeoReport v2 endpoint is, its formats, how to get an api_key',
        params: FormatParams,
        response: { 200: answer(Discovery, 'The discovery document'), ...errorAnswers(400) },
      },
    },
    async (request, reply) => {
      const devKey = keys.includes(DEV_API_KEY)
      const discovery: Discovery = {
        changeset: SERVICES_CHANGESET,
        contact: '白云区城市管理和综合执法局 · 12345 政务服务便民热线',
        key_service: devKey
          ? `Ask the operator for an api_key (OPEN311_API_KEYS). This is a test endpoint: the development key ${DEV_API_KEY} works.`
          : 'Ask the operator of this server for an api_key (OPEN311_API_KEYS).',
        endpoints: [
          {
            specification: OPEN311_SPECIFICATION,
            url: `${origin(request)}${app.prefix}`,
            changeset: SERVICES_CHANGESET,
            type: devKey ? 'test' : 'production',
            formats: [OPEN311_MIME.xml, OPEN311_MIME.json],
          },
        ],
      }
      return send(reply, request.params.format, discovery, discoveryXml)
    },
  )

  app.get(
    '/services.:format',
    {
      schema: {
        tags,
        summary: 'The service list: one service per category (service_code = category id)',
        params: FormatParams,
        querystring: JurisdictionQuery,
        response: { 200: answer(Open311ServiceList, 'Services'), ...errorAnswers(400, 404) },
      },
    },
    async (request, reply) => send(reply, request.params.format, (await listCategories(app.db)).map(toService), servicesXml),
  )

  app.get(
    '/services/:service_code.:format',
    {
      schema: {
        tags,
        summary: 'A service definition: the extra questions (attributes) of a service with metadata=true',
        params: ServiceCodeParams,
        querystring: JurisdictionQuery,
        response: { 200: answer(ServiceDefinition, 'The definition'), ...errorAnswers(400, 404) },
      },
    },
    async (request, reply) => {
      const category = await findCategory(app.db, request.params.service_code)
      if (!category) throw Open311Failure.notFound(`service_code ${request.params.service_code} was not found`)
      return send(reply, request.params.format, toServiceDefinition(category), serviceDefinitionXml)
    },
  )

  app.post(
    '/requests.:format',
    {
      config: { rateLimit: rateLimit(app, 'open311') },
      // After the key check and validation: one filing limit for every way of filing (lib/rate-limits).
      preHandler: fileTicketLimit(app),
      // 403 before anything else: a bad key learns nothing about the request.
      preValidation: async (request) => {
        if (request.body !== undefined && (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body))) {
          throw Open311Failure.badRequest('POST requests must be sent as application/x-www-form-urlencoded')
        }
        const body = request.body as { api_key?: unknown } | undefined
        checkKey(body?.api_key ?? (request.query as { api_key?: unknown }).api_key)
      },
      schema: {
        tags,
        summary: 'Report a problem (form-encoded; api_key required). Goes into the same ticket service as the app.',
        description:
          'Send lat/long (WGS-84) or an address_string naming a street or community of the district. ' +
          'attribute[code]=value answers the service definition (attribute[code][]=v for multivaluelist). ' +
          'Contact fields (email, first_name, last_name, phone, device_id) are kept private and never returned.',
        consumes: ['application/x-www-form-urlencoded'],
        params: FormatParams,
        body: PostRequestBody,
        response: { 200: answer(PostRequestResponse, 'The new service_request_id'), ...errorAnswers(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const key = (request.body.api_key ?? (request.query as { api_key?: string }).api_key)!
      return send(reply, request.params.format, await postServiceRequest(app, key, request.body), requestsXml)
    },
  )

  app.get(
    '/requests.:format',
    {
      schema: {
        tags,
        summary: 'Service requests: the last 90 days by default (at most 1000, newest first); filters by id, service_code, dates, status',
        params: FormatParams,
        querystring: ListRequestsQuery,
        response: { 200: answer(ServiceRequestList, 'Service requests'), ...errorAnswers(400, 404) },
      },
    },
    async (request, reply) =>
      send(
        reply,
        request.params.format,
        await listServiceRequests(app, request.query, { origin: origin(request), extensions: request.query.extensions }),
        serviceRequestsXml,
      ),
  )

  app.get(
    '/requests/:service_request_id.:format',
    {
      schema: {
        tags,
        summary: 'One service request (a list of one, as the spec has it)',
        params: RequestIdParams,
        querystring: RequestQuery,
        response: { 200: answer(ServiceRequestList, 'The service request'), ...errorAnswers(400, 404) },
      },
    },
    async (request, reply) =>
      send(
        reply,
        request.params.format,
        await getServiceRequest(app, request.params.service_request_id, { origin: origin(request), extensions: request.query.extensions }),
        serviceRequestsXml,
      ),
  )

  app.get(
    '/tokens/:token.:format',
    {
      schema: {
        tags,
        summary: 'service_request_id from a token. Requests here are realtime, so the token is the service_request_id itself',
        params: TokenParams,
        querystring: JurisdictionQuery,
        response: { 200: answer(TokenResponse, 'The service_request_id of the token'), ...errorAnswers(400, 404) },
      },
    },
    async (request, reply) => send(reply, request.params.format, await requestIdFromToken(app, request.params.token), requestsXml),
  )
}

export default open311Routes
