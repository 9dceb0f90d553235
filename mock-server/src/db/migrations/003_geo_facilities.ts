import type { Kysely } from 'kysely'

// Placeholder: the geo/facilities work fills this migration (streets, grids, facilities).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(_db: Kysely<any>): Promise<void> {}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(_db: Kysely<any>): Promise<void> {}
