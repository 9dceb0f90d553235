/**
 * Limits shared by the apps and the backend: plain values, no TypeBox, so an app bundle can import
 * them without pulling in the schema builder. The schemas in tickets.ts use the same constants.
 */
export const DESCRIPTION_MAX = 500
export const PHOTOS_MAX = 6
export const NOTE_MAX = 500
/** What a resident may add to the resolved address (门牌, landmark). */
export const ADDRESS_NOTE_MAX = 200
/** Shortest reason or note that says anything (an appeal's reason, a worker's rectification note). */
export const REASON_MIN = 2
/** A ticket rating: its comment and how many quick tags. */
export const RATING_COMMENT_MAX = 300
export const RATING_TAGS_MAX = 8
/** A facility rating's comment. */
export const FACILITY_COMMENT_MAX = 200
