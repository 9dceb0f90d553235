import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import { ApiError } from '../../lib/api-error'
import { findAttachable } from '../uploads'

/** De-duplicates photo ids and checks each is the user's own, unused upload (400 names the first bad one). */
export async function requireOwnPhotos(db: Kysely<Database>, ownerId: number, photoIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(photoIds)]
  if (unique.length === 0) return unique
  const owned = new Set((await findAttachable(db, ownerId, unique)).map((row) => row.id))
  const index = unique.findIndex((id) => !owned.has(id))
  if (index >= 0) throw ApiError.invalidField(`body.photoIds.${index}`, 'is not a photo you uploaded, or is already used')
  return unique
}
