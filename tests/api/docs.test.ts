import { useTestApp } from '../helpers/app'

describe('OpenAPI docs', () => {
  const ctx = useTestApp()

  it('serves the Swagger UI at /docs', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/docs/' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/html')
  })

  it('documents every API route with a success response schema', async () => {
    const spec = (await ctx.app.inject({ method: 'GET', url: '/docs/json' })).json()
    const apiPaths = Object.keys(spec.paths).filter((p) => p.startsWith('/api/'))
    expect(apiPaths).toEqual(expect.arrayContaining(['/api/health', '/api/categories']))
    for (const p of apiPaths) {
      for (const [method, operation] of Object.entries<{ responses: Record<string, unknown> }>(spec.paths[p])) {
        const success = Object.keys(operation.responses).filter((status) => status.startsWith('2'))
        expect([p, method, success.length > 0]).toEqual([p, method, true])
      }
    }
  })

  it('refuses unknown fields in every JSON request body (additionalProperties: false)', async () => {
    const spec = (await ctx.app.inject({ method: 'GET', url: '/docs/json' })).json()
    const bodies: [string, { additionalProperties?: boolean }][] = []
    for (const [p, operations] of Object.entries<Record<string, { requestBody?: { content: Record<string, { schema: object }> } }>>(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const schema = operation.requestBody?.content['application/json']?.schema
        if (schema) bodies.push([`${method} ${p}`, schema])
      }
    }
    expect(bodies.length).toBeGreaterThan(8)
    for (const [route, schema] of bodies) expect([route, schema.additionalProperties]).toEqual([route, false])
  })
})
