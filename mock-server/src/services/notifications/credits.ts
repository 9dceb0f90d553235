/** Subscribe-message credits: each acceptance in wx.requestSubscribeMessage is one message. */
import type { FastifyInstance } from 'fastify'
import type { SubscriptionCredit } from '@contract/notifications'
import { SUBSCRIBE_TEMPLATE_KINDS, type SubscribeTemplateKind } from '@contract/subscribe'
import { ApiError } from '../../lib/api-error'

/** The configured templates: id → kind. */
export function knownTemplates(app: FastifyInstance): Map<string, SubscribeTemplateKind> {
  const known = new Map<string, SubscribeTemplateKind>()
  for (const kind of SUBSCRIBE_TEMPLATE_KINDS) {
    const id = app.config.wxSubscribeTemplateIds[kind]
    if (id) known.set(id, kind)
  }
  return known
}

export async function listCredits(app: FastifyInstance, userId: number): Promise<SubscriptionCredit[]> {
  const known = knownTemplates(app)
  const rows = await app.db.selectFrom('subscription_credits').select(['template_id', 'credits']).where('user_id', '=', userId).execute()
  const byId = new Map(rows.map((row) => [row.template_id, row.credits]))
  return [...known].map(([templateId, kind]) => ({ templateId, kind, credits: byId.get(templateId) ?? 0 }))
}

/** One credit per accepted template (a template listed twice in one call counts once); unknown ids: 400, nothing written. */
export async function addCredits(app: FastifyInstance, userId: number, accepted: string[]): Promise<SubscriptionCredit[]> {
  const known = knownTemplates(app)
  accepted.forEach((id, index) => {
    if (!known.has(id)) throw ApiError.invalidField(`body.accepted.${index}`, `unknown template id "${id}"`)
  })
  const now = app.clock.now().toISOString()
  await app.db.transaction().execute(async (trx) => {
    for (const templateId of new Set(accepted)) {
      await trx
        .insertInto('subscription_credits')
        .values({ user_id: userId, template_id: templateId, credits: 1, updated_at: now })
        .onConflict((oc) => oc.columns(['user_id', 'template_id']).doUpdateSet((eb) => ({ credits: eb('subscription_credits.credits', '+', 1), updated_at: now })))
        .execute()
    }
  })
  return listCredits(app, userId)
}
