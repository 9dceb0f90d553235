import type { Health } from '@contract/schemas'
import { http } from './http'

/** Service status plus district-wide counts (categories, facilities, tickets). */
export async function getHealth(): Promise<Health> {
  const { data } = await http.get<Health>('/health', { anonymous: true })
  return data
}
