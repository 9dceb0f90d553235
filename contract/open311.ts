/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): the JSON shapes of /open311/v2.
 * Field names, nesting and types follow the spec's JSON (the "Spark" mapping of its XML): lists are
 * bare arrays, errors are a list of `{ code, description }`. The XML answers carry the same fields
 * under the spec's element names (see XML_ROOTS). Backend only: the mini-program never calls it.
 */
import { Type, type Static } from '@sinclair/typebox'
import { TICKET_STATUSES } from './lifecycle'
import { StringEnum } from './schemas'

export const OPEN311_SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2'
export const OPEN311_FORMATS = ['json', 'xml'] as const
export type Open311Format = (typeof OPEN311_FORMATS)[number]
export const OPEN311_MIME: Record<Open311Format, string> = { json: 'application/json', xml: 'text/xml' }

/** The spec's two statuses. */
export const OPEN311_STATUSES = ['open', 'closed'] as const
export type Open311Status = (typeof OPEN311_STATUSES)[number]

export const ATTRIBUTE_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number]

/** A W3C datetime with a timezone (Z or ±hh:mm), as the spec wants for every date. */
export const W3C_DATETIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$'

/** Root and item element names of each XML answer (JSON uses a bare array where XML has a list). */
export const XML_ROOTS = {
  discovery: { root: 'discovery' },
  services: { root: 'services', item: 'service' },
  serviceDefinition: { root: 'service_definition' },
  requests: { root: 'service_requests', item: 'request' },
  errors: { root: 'errors', item: 'error' },
} as const

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()])

/* ---------- errors ---------- */

export const Open311Error = Type.Object({
  code: Type.Integer({ description: 'The HTTP status of the answer (400, 403, 404, 429, 500)' }),
  description: Type.String({ description: 'What went wrong, for the person using the client' }),
})
export type Open311Error = Static<typeof Open311Error>
export const Open311Errors = Type.Array(Open311Error, { description: 'Every 4xx/5xx answer of /open311/v2; XML: <errors><error><code/><description/></error></errors>' })

/* ---------- discovery ---------- */

export const DiscoveryEndpoint = Type.Object({
  specification: Type.String({ examples: [OPEN311_SPECIFICATION] }),
  url: Type.String({ description: 'Base URL of the endpoint: append /services.json, /requests.xml, ...' }),
  changeset: Type.String(),
  type: StringEnum(['production', 'test'] as const),
  formats: Type.Array(Type.String(), { description: 'MIME types; XML: <formats><format/></formats>' }),
})

export const Discovery = Type.Object({
  changeset: Type.String({ description: 'Changes when the service list or a service definition changes' }),
  contact: Type.String(),
  key_service: Type.String({ description: 'How to get an api_key' }),
  endpoints: Type.Array(DiscoveryEndpoint, { description: 'XML: <endpoints><endpoint/></endpoints>' }),
})
export type Discovery = Static<typeof Discovery>

/* ---------- services ---------- */

export const Open311Service = Type.Object({
  service_code: Type.String({ description: 'Our category id', examples: ['missing_manhole_cover'] }),
  service_name: Type.String({ examples: ['井盖缺失'] }),
  description: Type.String(),
  metadata: Type.Boolean({ description: 'true: GET services/{service_code} lists attributes to answer' }),
  type: StringEnum(['realtime', 'batch', 'blackbox'] as const, { description: 'Always realtime: the id comes back at once' }),
  keywords: Type.String({ description: 'Comma separated' }),
  group: Type.String({ examples: ['市政设施'] }),
})
export type Open311Service = Static<typeof Open311Service>
export const Open311ServiceList = Type.Array(Open311Service)

export const AttributeValue = Type.Object({ key: Type.String(), name: Type.String() })

export const ServiceAttribute = Type.Object({
  variable: Type.Boolean({ description: 'false: information to show the user, not a question' }),
  code: Type.String(),
  datatype: StringEnum(ATTRIBUTE_DATATYPES),
  required: Type.Boolean(),
  datatype_description: Nullable(Type.String()),
  order: Type.Integer({ minimum: 1 }),
  description: Type.String(),
  values: Type.Array(AttributeValue, { description: 'Choices of a singlevaluelist/multivaluelist; XML: <values><value><key/><name/></value></values>' }),
})
export type ServiceAttribute = Static<typeof ServiceAttribute>

export const ServiceDefinition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(ServiceAttribute, { description: 'XML: <attributes><attribute/></attributes>' }),
})
export type ServiceDefinition = Static<typeof ServiceDefinition>

/* ---------- requests ---------- */

const shortText = (maxLength: number, description: string) => Type.Optional(Type.String({ maxLength, description }))

/**
 * POST requests.{format}, form-encoded. attribute[code]=value (attribute[code][]=v1&attribute[code][]=v2
 * for a multivaluelist) arrive parsed into `attribute`. Empty fields count as absent.
 */
export const PostRequestBody = Type.Object({
  api_key: Type.Optional(Type.String({ description: 'Required (403 without a valid one); may also come in the query string' })),
  jurisdiction_id: shortText(100, 'Optional; this endpoint serves one jurisdiction'),
  service_code: Type.Optional(Type.String({ maxLength: 64, description: 'Required: from GET services' })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90, description: 'WGS-84; with long, or send address_string' })),
  long: Type.Optional(Type.Number({ minimum: -180, maximum: 180, description: 'WGS-84' })),
  address_string: shortText(200, 'Where it is, most specific first; without lat/long it must name a street (街道/镇) or community (社区/村) of the district'),
  address_id: shortText(100, 'Not supported here (we have no address repository): send lat/long or address_string'),
  description: shortText(4000, 'What is wrong (up to 4,000 characters, line breaks allowed)'),
  media_url: shortText(2000, 'An http(s) URL of a photo'),
  attribute: Type.Optional(
    Type.Record(Type.String(), Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20 }), {
      description: 'Answers to the service definition: attribute[code]=value',
    }),
  ),
  email: shortText(200, 'Private: never returned'),
  device_id: shortText(200, 'Private: never returned'),
  account_id: shortText(200, 'Your user id; echoed back in the answer'),
  first_name: shortText(100, 'Private: never returned'),
  last_name: shortText(100, 'Private: never returned'),
  phone: shortText(50, 'Private: never returned'),
})
export type PostRequestBody = Static<typeof PostRequestBody>

export const PostRequestResponse = Type.Array(
  Type.Object({
    service_request_id: Type.String({ description: 'Our ticket number', examples: ['BY20261125-0007'] }),
    service_notice: Nullable(Type.String()),
    account_id: Nullable(Type.String()),
  }),
)
export type PostRequestResponse = Static<typeof PostRequestResponse>

export const ExtendedAttributes = Type.Object({
  detailed_status: StringEnum(TICKET_STATUSES, { description: 'Our lifecycle status (submitted ... reopened)' }),
  detailed_status_label: Type.String({ examples: ['处理中'] }),
  channel: StringEnum(['app', 'open311', 'facility'] as const, { description: 'Where the ticket was filed' }),
})

export const ServiceRequest = Type.Object({
  service_request_id: Type.String({ examples: ['BY20261125-0007'] }),
  status: StringEnum(OPEN311_STATUSES, { description: 'closed = resolved, closed or rejected' }),
  status_notes: Nullable(Type.String()),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Type.String(),
  agency_responsible: Type.String(),
  service_notice: Nullable(Type.String()),
  requested_datetime: Type.String({ format: 'date-time' }),
  updated_datetime: Type.String({ format: 'date-time' }),
  expected_datetime: Nullable(Type.String({ format: 'date-time' })),
  address: Type.String({ description: 'Resolved from the location, most specific first' }),
  address_id: Type.Null(),
  zipcode: Type.Null(),
  lat: Type.Number({ description: 'WGS-84, rounded to 4 decimals (~10 m)' }),
  long: Type.Number({ description: 'WGS-84, rounded to 4 decimals (~10 m)' }),
  media_url: Nullable(Type.String()),
  extended_attributes: Type.Optional(ExtendedAttributes),
})
export type ServiceRequest = Static<typeof ServiceRequest>
export const ServiceRequestList = Type.Array(ServiceRequest)

export const TokenResponse = Type.Array(Type.Object({ service_request_id: Type.String(), token: Type.String() }))
export type TokenResponse = Static<typeof TokenResponse>

/* ---------- parameters ---------- */

export const FormatParams = Type.Object({ format: StringEnum(OPEN311_FORMATS) })
export const ServiceCodeParams = Type.Object({ service_code: Type.String({ maxLength: 64 }), format: StringEnum(OPEN311_FORMATS) })
export const RequestIdParams = Type.Object({ service_request_id: Type.String({ maxLength: 64 }), format: StringEnum(OPEN311_FORMATS) })
export const TokenParams = Type.Object({ token: Type.String({ maxLength: 64 }), format: StringEnum(OPEN311_FORMATS) })

export const JurisdictionQuery = Type.Object({
  jurisdiction_id: Type.Optional(Type.String({ maxLength: 100, description: 'Optional; another jurisdiction than ours answers 404' })),
})

export const RequestQuery = Type.Object({
  jurisdiction_id: Type.Optional(Type.String({ maxLength: 100 })),
  extensions: Type.Optional(Type.Boolean({ description: 'true adds extended_attributes (detailed_status, ...)' })),
})

export const ListRequestsQuery = Type.Object({
  jurisdiction_id: Type.Optional(Type.String({ maxLength: 100 })),
  service_request_id: Type.Optional(Type.String({ maxLength: 2000, description: 'Comma separated; overrides every other filter' })),
  service_code: Type.Optional(Type.String({ maxLength: 1000, description: 'Comma separated' })),
  start_date: Type.Optional(Type.String({ description: 'W3C datetime with timezone, e.g. 2026-11-01T00:00:00Z' })),
  end_date: Type.Optional(Type.String({ description: 'At most 90 days after start_date' })),
  status: Type.Optional(Type.String({ description: 'open, closed or open,closed' })),
  extensions: Type.Optional(Type.Boolean({ description: 'true adds extended_attributes (detailed_status, ...)' })),
})
export type ListRequestsQuery = Static<typeof ListRequestsQuery>
