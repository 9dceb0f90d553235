/**
 * The routes as the OpenAPI document (/docs/json) describes them, with a schema-driven sample
 * builder (one valid request per route) and fast-check arbitraries (valid-ish and hostile inputs).
 * Used by the fuzzing and the access-matrix tests, so a new documented route is covered at once.
 */
import fc from 'fast-check'

export type Schema = {
  $ref?: string
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  pattern?: string
  format?: string
  default?: unknown
  anyOf?: Schema[]
  oneOf?: Schema[]
  allOf?: Schema[]
  additionalProperties?: boolean | Schema
}

export interface Parameter {
  in: 'query' | 'path' | 'header'
  name: string
  required?: boolean
  schema: Schema
}

export interface Operation {
  method: string
  /** OpenAPI path, e.g. /api/tickets/{id} */
  path: string
  key: string
  parameters: Parameter[]
  body?: { schema: Schema; contentType: string }
  /** Server-Sent Events: the answer is a stream that never ends. */
  stream: boolean
  secured: boolean
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> }; description?: string; responses?: Record<string, { description?: string }>; security?: unknown[] }>>
  components?: { schemas?: Record<string, Schema> }
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const refs = doc.components?.schemas ?? {}
  const resolve = (schema: Schema): Schema => (schema.$ref ? resolve(refs[schema.$ref.split('/').at(-1)!] ?? {}) : schema)
  const operations: Operation[] = []
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = op.requestBody?.content ?? {}
      const contentType = Object.keys(content)[0]
      const text = `${op.description ?? ''} ${Object.values(op.responses ?? {}).map((response) => response.description ?? '').join(' ')}`
      operations.push({
        method: method.toUpperCase(),
        path,
        key: `${method.toUpperCase()} ${path}`,
        parameters: (op.parameters ?? []).map((parameter) => ({ ...parameter, schema: resolve(parameter.schema) })),
        body: contentType ? { schema: resolveDeep(content[contentType].schema, resolve), contentType } : undefined,
        stream: text.includes('text/event-stream'),
        secured: (op.security ?? []).length > 0,
      })
    }
  }
  return operations
}

function resolveDeep(schema: Schema, resolve: (schema: Schema) => Schema, depth = 0): Schema {
  const s = resolve(schema)
  if (depth > 8) return s
  const out: Schema = { ...s }
  if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, resolveDeep(v, resolve, depth + 1)]))
  if (s.items) out.items = resolveDeep(s.items, resolve, depth + 1)
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) if (s[key]) out[key] = s[key]!.map((inner) => resolveDeep(inner, resolve, depth + 1))
  return out
}

const typeOf = (schema: Schema) => (Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type)

/** Values the tests know make sense for well-known fields (a place inside the district, a key). */
const KNOWN: Record<string, unknown> = {
  lat: 23.17,
  lng: 113.275,
  long: 113.275,
  coordSystem: 'gcj02',
  categoryId: 'exposed_garbage',
  service_code: 'exposed_garbage',
  'idempotency-key': 'fault-sample-key-1',
  format: 'json',
  bbox: '113.25,23.15,113.30,23.20',
  description: '路边有垃圾',
  note: '已处理完毕',
  reason: '现场复核仍未处理',
  code: 'dev:sample',
}

/** One deterministic valid value for a schema (the required fields of objects, plus known ones). */
export function sample(schema: Schema, name = ''): unknown {
  if (name in KNOWN && (schema.enum === undefined || schema.enum.includes(KNOWN[name]))) return KNOWN[name]
  if (schema.const !== undefined) return schema.const
  if (schema.default !== undefined) return schema.default
  if (schema.enum) return schema.enum[0]
  if (schema.anyOf || schema.oneOf) return sample((schema.anyOf ?? schema.oneOf)!.find((inner) => typeOf(inner) !== 'null') ?? {}, name)
  switch (typeOf(schema)) {
    case 'object': {
      const value: Record<string, unknown> = {}
      for (const [key, inner] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || key in KNOWN) value[key] = sample(inner, key)
      }
      return value
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items ?? {}, name))
    case 'integer':
      return Math.max(schema.minimum ?? 1, 1)
    case 'number':
      return schema.minimum !== undefined && schema.minimum > 0 ? schema.minimum : 1
    case 'boolean':
      return false
    case 'null':
      return null
    case 'string':
      if (schema.format === 'date-time') return new Date().toISOString()
      if (schema.format === 'binary') return 'x'
      return 'x'.repeat(Math.max(schema.minLength ?? 1, 1))
    default:
      return 'x'
  }
}

/** Valid-ish values: right types and ranges, random content. */
export function arbitrary(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum)
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.anyOf || schema.oneOf) return fc.oneof(...(schema.anyOf ?? schema.oneOf)!.map((inner) => arbitrary(inner, depth + 1)))
  switch (typeOf(schema)) {
    case 'object': {
      if (depth > 4) return fc.constant({})
      const entries = Object.entries(schema.properties ?? {})
      const requiredKeys = entries.filter(([key]) => schema.required?.includes(key)).map(([key]) => key)
      return fc.record(Object.fromEntries(entries.map(([key, inner]) => [key, arbitrary(inner, depth + 1)])), { requiredKeys })
    }
    case 'array':
      return fc.array(arbitrary(schema.items ?? {}, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 5, 5) })
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e9 })
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true })
    case 'boolean':
      return fc.boolean()
    case 'string':
      if (schema.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString())
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40), unit: 'grapheme' })
    default:
      return fc.anything({ maxDepth: 2 })
  }
}

/** What attackers send instead: wrong types, non-finite numbers as text, huge and odd strings, prototype keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('Infinity', '-Infinity', '1e400', 'NaN', '-0', '0x10', '', ' ', '\u0000', '\ud800', '../../etc/passwd', "' OR 1=1 --", '<script>', '__proto__', 'constructor'),
  fc.string({ maxLength: 3000 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything({ maxDepth: 3 }), { maxLength: 30 }),
  fc.anything({ maxDepth: 4, withObjectString: true, withNullPrototype: true }),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}')),
)

/** A request for an operation: path with params filled, query string, headers, body. */
export function buildRequest(op: Operation, values: { path: Record<string, unknown>; query: Record<string, unknown>; headers: Record<string, unknown>; body?: unknown }) {
  let url = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(values.path[name] ?? 'x')))
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(values.query)) {
    if (value === undefined) continue
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item))
  }
  const query = params.toString()
  if (query) url += `?${query}`
  const headers: Record<string, string> = {}
  for (const [key, value] of Object.entries(values.headers)) if (value !== undefined) headers[key] = String(value).replace(/[^\x20-\x7e]/g, '')
  return { url, headers, body: values.body }
}

export function sampleRequest(op: Operation, pathValues: Record<string, unknown> = {}) {
  const of = (where: Parameter['in']) =>
    Object.fromEntries(
      op.parameters.filter((parameter) => parameter.in === where && (parameter.required || parameter.name in KNOWN)).map((parameter) => [parameter.name, pathValues[parameter.name] ?? sample(parameter.schema, parameter.name)]),
    )
  return buildRequest(op, { path: of('path'), query: of('query'), headers: of('header'), body: op.body ? sample(op.body.schema) : undefined })
}
