/**
 * Limits shared by the apps and the backend: plain values, no TypeBox, so an app bundle can import
 * them without pulling in the schema builder. The schemas in tickets.ts use the same constants.
 */
export const DESCRIPTION_MAX = 500
export const PHOTOS_MAX = 6
export const NOTE_MAX = 500
/** What a resident may add to the resolved address (门牌, landmark). */
export const ADDRESS_NOTE_MAX = 200
