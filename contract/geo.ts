/** District geography for the app's map: boundaries as GeoJSON, and "where is this point". */
import { Type, type Static } from '@sinclair/typebox'
import { COORD_SYSTEMS, CoordSystemQuery, Latitude, Longitude, ResolvedAddress, StringEnum } from './schemas'

import { DIVISION_LEVELS } from './geo-basics'

export { DIVISION_LEVELS, type DivisionLevel } from './geo-basics'

export const GeoDistrictQuery = Type.Object({
  level: StringEnum(DIVISION_LEVELS, { description: 'district = outline; street = 街道/镇; community = 社区/村; grid = 网格' }),
  coordSystem: Type.Optional(CoordSystemQuery),
})
export type GeoDistrictQuery = Static<typeof GeoDistrictQuery>

export const GeoFeature = Type.Object({
  type: Type.Literal('Feature'),
  properties: Type.Object({
    level: StringEnum(DIVISION_LEVELS),
    code: Type.String({ examples: ['440111', '440111-001', '440111-001-02', '440111-001-02-1'] }),
    name: Type.String(),
    kind: Type.Optional(StringEnum(['street', 'town'] as const, { description: 'Streets: 街道 or 镇' })),
    streetCode: Type.Optional(Type.String()),
    streetName: Type.Optional(Type.String()),
    communityCode: Type.Optional(Type.String()),
    communityName: Type.Optional(Type.String()),
  }),
  geometry: Type.Object({
    type: Type.Literal('MultiPolygon'),
    coordinates: Type.Array(Type.Array(Type.Array(Type.Array(Type.Number()))), { description: 'polygons → rings → [lng, lat]' }),
  }),
})
export type GeoFeature = Static<typeof GeoFeature>

export const GeoFeatureCollection = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    coordSystem: StringEnum(COORD_SYSTEMS),
    features: Type.Array(GeoFeature),
  },
  { description: 'GeoJSON (RFC 7946 shape; coordinates in coordSystem, GCJ-02 by default, for WeChat maps)' },
)
export type GeoFeatureCollection = Static<typeof GeoFeatureCollection>

export const GeoResolveQuery = Type.Object({
  lat: Latitude,
  lng: Longitude,
  coordSystem: Type.Optional(CoordSystemQuery),
})
export type GeoResolveQuery = Static<typeof GeoResolveQuery>

export const GeoResolveResponse = Type.Object({
  inside: Type.Boolean({ description: 'Inside the district this instance serves' }),
  address: Type.Union([ResolvedAddress, Type.Null()]),
})
export type GeoResolveResponse = Static<typeof GeoResolveResponse>
