/**
 * Public facilities residents look for: toilets (公厕) and garbage collection points (垃圾收集点).
 * Coordinates come back in the system the request asks for (`coordSystem`, default gcj02).
 */
import { Type, type Static } from '@sinclair/typebox'
import { COORD_SYSTEMS, CoordSystemQuery, Latitude, Longitude, Point, StringEnum } from './schemas'
import {
  CLEANING_STATUSES,
  FACILITY_TYPES,
  GARBAGE_BINS,
  RECYCLABLES,
  TOILET_STAR_LEVEL_MAX,
} from './facility-types'
import { RATING_MAX } from './lifecycle'
import { DESCRIPTION_MAX, FACILITY_COMMENT_MAX, PHOTOS_MAX } from './limits'

// The pure tables live in facility-types.ts (importable by the apps); re-exported for the backend.
export * from './facility-types'

const HHMM = '(?:[01]\\d|2[0-4]):[0-5]\\d'
export const OpeningHours = Type.String({
  pattern: `^${HHMM}-${HHMM}(?:,${HHMM}-${HHMM})*$`,
  description: 'Asia/Shanghai time, comma-separated HH:MM-HH:MM ranges (an end before its start runs past midnight); 00:00-24:00 = always open',
  examples: ['00:00-24:00', '06:00-22:00', '07:00-09:00,19:00-21:00'],
})

export const ToiletInfo = Type.Object({
  accessible: Type.Boolean({ description: '无障碍设施' }),
  babyCare: Type.Boolean({ description: '母婴室' }),
  free: Type.Boolean(),
  starLevel: Type.Integer({ minimum: 1, maximum: TOILET_STAR_LEVEL_MAX, description: '星级 (1-3)' }),
  cleaningStatus: StringEnum(CLEANING_STATUSES),
  lastCleanedAt: Type.String({ format: 'date-time' }),
})
export type ToiletInfo = Static<typeof ToiletInfo>

export const GarbagePointInfo = Type.Object({
  bins: Type.Array(StringEnum(GARBAGE_BINS), { description: 'Sorting bins present (分类)' }),
  recyclables: Type.Array(StringEnum(RECYCLABLES), { description: 'What the recyclables bin takes' }),
  collectionTimes: Type.Array(Type.String({ pattern: `^${HHMM}$` }), { description: 'When trucks empty it (清运时间), Asia/Shanghai' }),
})
export type GarbagePointInfo = Static<typeof GarbagePointInfo>

export const FacilityRating = Type.Object({
  average: Type.Number({ minimum: 0, maximum: 5, description: 'One decimal; 0 when nobody rated yet' }),
  count: Type.Integer({ minimum: 0 }),
})
export type FacilityRating = Static<typeof FacilityRating>

export const FacilitySummary = Type.Object({
  id: Type.String({ examples: ['wc-00012', 'gp-00003'] }),
  type: StringEnum(FACILITY_TYPES),
  name: Type.String({ examples: ['三元里街机场路公厕'] }),
  address: Type.String({ examples: ['白云区三元里街机场路128号'] }),
  street: Type.String(),
  community: Type.String(),
  gridId: Type.String(),
  location: Point,
  coordSystem: StringEnum(COORD_SYSTEMS, { description: 'System of location' }),
  openingHours: OpeningHours,
  openNow: Type.Boolean({ description: 'Open at the time of the answer (Asia/Shanghai)' }),
  rating: FacilityRating,
  toilet: Type.Optional(ToiletInfo),
  garbagePoint: Type.Optional(GarbagePointInfo),
})
export type FacilitySummary = Static<typeof FacilitySummary>

export const MyFacilityRating = Type.Object({
  score: Type.Integer({ minimum: 1, maximum: RATING_MAX }),
  comment: Type.Optional(Type.String()),
  updatedAt: Type.String({ format: 'date-time' }),
})
export type MyFacilityRating = Static<typeof MyFacilityRating>

export const FacilityDetail = Type.Composite([
  FacilitySummary,
  Type.Object({
    manager: Type.String({ description: 'Who runs it (管理单位)' }),
    myRating: Type.Optional(MyFacilityRating),
  }),
])
export type FacilityDetail = Static<typeof FacilityDetail>

export const NearbyFacility = Type.Composite([
  FacilitySummary,
  Type.Object({
    distanceMeters: Type.Integer({ minimum: 0, description: 'Great-circle distance' }),
    walkingMinutes: Type.Integer({ minimum: 0, description: 'At 80 m/min, rounded up' }),
  }),
])
export type NearbyFacility = Static<typeof NearbyFacility>

const FacilityTypeFilter = StringEnum([...FACILITY_TYPES, 'all'] as const, { description: 'Default all' })
const OnlyWhenTrue = (description: string) =>
  Type.Optional(Type.Boolean({ description: `${description}; true = only those, false or absent = no constraint` }))

export const NearestFacilitiesQuery = Type.Object({
  lat: Latitude,
  lng: Longitude,
  coordSystem: Type.Optional(CoordSystemQuery),
  type: Type.Optional(FacilityTypeFilter),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
  radius: Type.Optional(Type.Integer({ minimum: 1, maximum: 50_000, description: 'Maximum distance in metres' })),
  openNow: OnlyWhenTrue('Open at this moment'),
  accessible: OnlyWhenTrue('Toilets with accessible facilities'),
  babyCare: OnlyWhenTrue('Toilets with a baby-care room'),
  free: OnlyWhenTrue('Free toilets'),
})
export type NearestFacilitiesQuery = Static<typeof NearestFacilitiesQuery>

export const NearestFacilitiesResponse = Type.Object({ items: Type.Array(NearbyFacility) })
export type NearestFacilitiesResponse = Static<typeof NearestFacilitiesResponse>

export const MAX_BBOX_SQUARE_DEGREES = 0.25
export const FacilitiesInBBoxQuery = Type.Object({
  bbox: Type.String({
    maxLength: 120,
    description: `minLng,minLat,maxLng,maxLat in coordSystem; at most ${MAX_BBOX_SQUARE_DEGREES} square degrees`,
    examples: ['113.25,23.15,113.30,23.20'],
  }),
  coordSystem: Type.Optional(CoordSystemQuery),
  type: Type.Optional(FacilityTypeFilter),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: 500 })),
})
export type FacilitiesInBBoxQuery = Static<typeof FacilitiesInBBoxQuery>

export const FacilitiesInBBoxResponse = Type.Object({
  items: Type.Array(FacilitySummary),
  total: Type.Integer({ description: 'How many facilities the bbox holds' }),
  truncated: Type.Boolean({ description: 'More than limit matched; zoom in or cluster' }),
})
export type FacilitiesInBBoxResponse = Static<typeof FacilitiesInBBoxResponse>

export const FacilityParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
export type FacilityParams = Static<typeof FacilityParams>

export const FacilityCoordQuery = Type.Object({ coordSystem: Type.Optional(CoordSystemQuery) })
export type FacilityCoordQuery = Static<typeof FacilityCoordQuery>

/** The rating fields alone, so a later body (feedback + `problem` opening a ticket) can spread them. */
export const FacilityFeedbackFields = {
  score: Type.Integer({ minimum: 1, maximum: RATING_MAX }),
  comment: Type.Optional(Type.String({ maxLength: FACILITY_COMMENT_MAX })),
}
/** A problem reported at a facility: a ticket at the facility's own location. */
export const FacilityProblem = Type.Object(
  {
    categoryId: Type.Optional(Type.String({ maxLength: 64, description: 'Default: 公厕问题 for toilets, 垃圾满溢 for garbage points' })),
    description: Type.String({ maxLength: DESCRIPTION_MAX }),
    photoIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: PHOTOS_MAX, default: [] }),
  },
  { additionalProperties: false },
)
export type FacilityProblem = Static<typeof FacilityProblem>

export const FacilityFeedbackBody = Type.Object(
  { ...FacilityFeedbackFields, problem: Type.Optional(FacilityProblem) },
  { additionalProperties: false },
)
export type FacilityFeedbackBody = Static<typeof FacilityFeedbackBody>

export const FacilityFeedbackResponse = Type.Object({
  facility: FacilitySummary,
  myRating: MyFacilityRating,
  ticket: Type.Union([
    Type.Object({ id: Type.Integer(), number: Type.String(), dueAt: Type.String({ format: 'date-time' }) }),
    Type.Null(),
  ], { description: 'The ticket opened for `problem`, if one was given' }),
})
export type FacilityFeedbackResponse = Static<typeof FacilityFeedbackResponse>
