/**
 * The API contract: TypeBox schemas for every request and response, and their static types.
 * The backend validates and serializes with them; the app imports only the types
 * (`import type`), so TypeBox never lands in the mini-program bundle.
 */
import { Type, type Static } from '@sinclair/typebox'
import { ERROR_CODES } from './errors'

/** A string enum as OpenAPI likes it (`enum: [...]`), typed as the union of its values. */
export const StringEnum = <T extends string>(values: readonly T[], options: { description?: string } = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options })

export const ErrorResponse = Type.Object(
  {
    code: Type.String({ description: `Machine code, one of ${ERROR_CODES.join(', ')}` }),
    message: Type.String({ description: 'Human message for developers; the app shows its own Chinese text for the code' }),
    details: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String({ description: 'Path of the offending field, e.g. body.location.lat' }),
          message: Type.String(),
        }),
      ),
    ),
  },
  { $id: 'ErrorResponse', description: 'Every 4xx/5xx answer of /api' },
)
export type ErrorResponse = Static<typeof ErrorResponse>

export const Health = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  district: Type.String({ description: 'The district this instance serves' }),
  time: Type.String({ format: 'date-time' }),
  counts: Type.Object({
    categories: Type.Integer(),
    facilities: Type.Integer(),
    tickets: Type.Integer(),
  }),
})
export type Health = Static<typeof Health>

export const CATEGORY_GROUPS = ['environment', 'street_order', 'municipal', 'greening', 'public_facility'] as const
export type CategoryGroupId = (typeof CATEGORY_GROUPS)[number]

export const Category = Type.Object({
  id: Type.String({ description: 'Stable code, also the Open311 service_code', examples: ['exposed_garbage'] }),
  name: Type.String({ examples: ['暴露垃圾'] }),
  group: StringEnum(CATEGORY_GROUPS),
  groupName: Type.String({ examples: ['环境卫生'] }),
  icon: Type.String({ description: 'Icon key the app maps to an image' }),
  description: Type.String(),
  slaHours: Type.Number({ minimum: 0, description: 'Hours from submission until the ticket is due' }),
  quickPhrases: Type.Array(Type.String(), { description: 'Ready phrases a resident can tap into the description' }),
})
export type Category = Static<typeof Category>

export const CategoryList = Type.Object({ items: Type.Array(Category) })
export type CategoryList = Static<typeof CategoryList>

/* ---------- geography ---------- */

/** GCJ-02 is what WeChat's map and getLocation(type: 'gcj02') use; WGS-84 is GPS/Open311. */
export const COORD_SYSTEMS = ['gcj02', 'wgs84'] as const
export type CoordSystem = (typeof COORD_SYSTEMS)[number]

export const Latitude = Type.Number({ minimum: -90, maximum: 90 })
export const Longitude = Type.Number({ minimum: -180, maximum: 180 })

/** A point as the API returns it, in the system the client asked for. */
export const Point = Type.Object({ lat: Latitude, lng: Longitude })
export type Point = Static<typeof Point>

export const LocationInput = Type.Object(
  {
    lat: Latitude,
    lng: Longitude,
    coordSystem: StringEnum(COORD_SYSTEMS, { description: 'System of lat/lng; stored as WGS-84' }),
  },
  { additionalProperties: false },
)
export type LocationInput = Static<typeof LocationInput>

/** Query option: which system returned coordinates use (GCJ-02 unless asked). */
export const CoordSystemQuery = StringEnum(COORD_SYSTEMS, { description: 'System of returned coordinates (default gcj02)' })

/** Where a point falls in the district's administrative division. */
export const ResolvedAddress = Type.Object({
  street: Type.String({ description: '街道/镇', examples: ['三元里街'] }),
  community: Type.String({ description: '社区/村', examples: ['三元里社区'] }),
  gridId: Type.String({ description: 'Management grid (网格) code' }),
  gridName: Type.String(),
  text: Type.String({ description: 'Full address line for display' }),
})
export type ResolvedAddress = Static<typeof ResolvedAddress>

export const Paging = {
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'Opaque cursor from the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
}
