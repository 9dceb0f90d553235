/** Cursor pagination by descending id: the cursor is the last id of a page, opaque to clients. */
import { ApiError } from '../lib/api-error'

export function decodeCursor(cursor: string | undefined): number | null {
  if (!cursor) return null
  const id = Number(Buffer.from(cursor, 'base64url').toString())
  if (!Number.isInteger(id) || id < 1) throw ApiError.invalidField('querystring.cursor', 'is not a cursor from a previous page')
  return id
}

export const encodeCursor = (id: number) => Buffer.from(String(id)).toString('base64url')

/** Rows were fetched with `limit + 1`: the extra row only tells that another page exists. */
export function pageOf<Row extends { id: number }, Item>(rows: Row[], limit: number, toItem: (row: Row) => Item) {
  const page = rows.slice(0, limit)
  return { items: page.map(toItem), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].id) : null }
}
