/** Open311 test helpers: a form-encoded POST, an XML reader, and points in WGS-84 (what Open311 speaks). */
import type { FastifyInstance } from 'fastify'
import { XMLParser } from 'fast-xml-parser'
import { toWgs84 } from '../../../mock-server/src/lib/coords'
import { JINGTAI, TIANHE } from '../../helpers/tickets'

export const API_KEY = 'dev-open311-key'
export const BASE = '/open311/v2'

/** 景泰街 and 天河城 (outside the district) as WGS-84. */
export const JINGTAI_WGS84 = toWgs84(JINGTAI)
export const TIANHE_WGS84 = toWgs84(TIANHE)

/** The spec's fields of a service request, in its order: the exact key set of every answer. */
export const SPEC_REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
]

/** W3C datetime with a timezone, as the spec requires for every date. */
export const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

export type Fields = Record<string, string | number | string[] | undefined>

/** A form body as a client sends it; lists repeat the key (attribute[code][]=a&attribute[code][]=b). */
export function form(fields: Fields): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item))
  }
  return params.toString()
}

export const validRequest = (overrides: Fields = {}): Fields => ({
  api_key: API_KEY,
  service_code: 'exposed_garbage',
  lat: JINGTAI_WGS84.lat,
  long: JINGTAI_WGS84.lng,
  description: '路口有一堆建筑垃圾',
  ...overrides,
})

export function postRequest(app: FastifyInstance, fields: Fields, format: 'json' | 'xml' = 'json') {
  return app.inject({
    method: 'POST',
    url: `${BASE}/requests.${format}`,
    payload: form(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  })
}

/** Posts a valid request and returns its service_request_id. */
export async function postRequestOk(app: FastifyInstance, fields: Fields = validRequest()): Promise<string> {
  const res = await postRequest(app, fields)
  if (res.statusCode !== 200) throw new Error(`open311 post failed: ${res.statusCode} ${res.body}`)
  return res.json<{ service_request_id: string }[]>()[0].service_request_id
}

/** XML as a tree of plain values; list elements always arrays, text never converted to numbers. */
export function readXml(text: string, lists: string[] = []) {
  const parser = new XMLParser({ parseTagValue: false, isArray: (name) => lists.includes(name) })
  return parser.parse(text) as Record<string, unknown>
}

/** The element names under the root, in document order, to compare with the spec's. */
export function childNames(node: unknown): string[] {
  return node && typeof node === 'object' ? Object.keys(node) : []
}
