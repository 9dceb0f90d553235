import { CATEGORY_SEEDS } from '../../mock-server/src/db/seed/categories'

describe('seeded categories', () => {
  it('include the core 城管 categories, each with a positive SLA and quick phrases', () => {
    const names = CATEGORY_SEEDS.map((seed) => seed.name)
    for (const name of ['暴露垃圾', '垃圾满溢', '道路不洁', '占道经营', '乱张贴', '井盖缺失', '公厕问题', '绿化损坏']) {
      expect(names).toContain(name)
    }
    for (const seed of CATEGORY_SEEDS) {
      expect(seed.slaHours).toBeGreaterThan(0)
      expect(seed.quickPhrases.length).toBeGreaterThan(0)
    }
  })

  it('have unique ids usable as Open311 service codes', () => {
    const ids = CATEGORY_SEEDS.map((seed) => seed.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9_]*$/)
  })
})
