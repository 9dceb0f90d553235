import type { CategoryList } from '@contract/schemas'
import { useTestApp } from '../../helpers/app'

describe('GET /api/categories', () => {
  const ctx = useTestApp()

  it('lists the seeded 城管 categories, grouped, each with an SLA in hours', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/categories' })
    expect(res.statusCode).toBe(200)
    const { items } = res.json<CategoryList>()
    const byName = Object.fromEntries(items.map((category) => [category.name, category]))
    expect(byName['暴露垃圾']).toMatchObject({ id: 'exposed_garbage', group: 'environment', groupName: '环境卫生', slaHours: 2 })
    expect(byName['井盖缺失']).toMatchObject({ group: 'municipal', groupName: '市政设施', slaHours: 1 })
    expect(byName['公厕问题'].quickPhrases.length).toBeGreaterThan(0)
    expect(new Set(items.map((category) => category.groupName)).size).toBeGreaterThanOrEqual(4)
  })

  it('answers exactly what the database holds (a renamed row shows up, nothing extra leaks)', async () => {
    await ctx.app.db.updateTable('categories').set({ name: '暴露垃圾（测试）' }).where('id', '=', 'exposed_garbage').execute()
    const { items } = (await ctx.app.inject({ method: 'GET', url: '/api/categories' })).json<CategoryList>()
    const first = items.find((category) => category.id === 'exposed_garbage')!
    expect(first.name).toBe('暴露垃圾（测试）')
    expect(Object.keys(first).sort()).toEqual(
      ['description', 'group', 'groupName', 'icon', 'id', 'name', 'quickPhrases', 'slaHours'].sort(),
    )
  })
})
