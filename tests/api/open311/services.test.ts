/** Open311 discovery, service list and service definitions, in JSON and XML, with the spec's names and types. */
import { buildTestApp, useTestApp } from '../../helpers/app'
import { BASE, childNames, readXml } from './helpers'

describe('Open311 discovery and services', () => {
  const ctx = useTestApp({ publicUrl: 'http://open311.example.cn:8080' })

  const get = (path: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url: `${BASE}${path}`, headers })

  describe('GET discovery', () => {
    it('describes the GeoReport v2 endpoint at PUBLIC_URL, whatever Host the client sent (JSON)', async () => {
      const res = await get('/discovery.json', { host: 'evil.example.com' })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
      const body = res.json()
      expect(Object.keys(body)).toEqual(['changeset', 'contact', 'key_service', 'endpoints'])
      expect(body.key_service).toContain('dev-open311-key')
      expect(body.endpoints).toEqual([
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: 'http://open311.example.cn:8080/open311/v2',
          changeset: body.changeset,
          type: 'test',
          formats: ['text/xml', 'application/json'],
        },
      ])
    })

    it('answers the same as XML under <discovery><endpoints><endpoint><formats><format>', async () => {
      const res = await get('/discovery.xml')
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('text/xml; charset=utf-8')
      expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true)
      const xml = readXml(res.body, ['endpoint', 'format'])
      expect(childNames(xml)).toEqual(['?xml', 'discovery'])
      const discovery = xml.discovery as { endpoints: { endpoint: Record<string, unknown>[] } }
      expect(childNames(discovery)).toEqual(['changeset', 'contact', 'key_service', 'endpoints'])
      const [endpoint] = discovery.endpoints.endpoint
      expect(childNames(endpoint)).toEqual(['specification', 'url', 'changeset', 'type', 'formats'])
      expect(endpoint.formats).toEqual({ format: ['text/xml', 'application/json'] })
    })

    it('is a production endpoint, without the development key, once real keys are configured', async () => {
      const prod = await buildTestApp({ open311ApiKeys: ['a-real-key'] })
      try {
        const body = (await prod.app.inject({ method: 'GET', url: `${BASE}/discovery.json` })).json()
        expect(body.endpoints[0].type).toBe('production')
        expect(body.key_service).not.toContain('dev-open311-key')
      } finally {
        await prod.cleanup()
      }
    })
  })

  describe('GET services', () => {
    it('lists one realtime service per category with the spec fields and types (JSON)', async () => {
      const [services, categories] = await Promise.all([get('/services.json'), ctx.app.inject({ method: 'GET', url: '/api/categories' })])
      expect(services.statusCode).toBe(200)
      const list = services.json<Record<string, unknown>[]>()
      const items = categories.json<{ items: { id: string; name: string; groupName: string }[] }>().items
      expect(list.map((service) => service.service_code)).toEqual(items.map((category) => category.id))
      for (const service of list) {
        expect(Object.keys(service)).toEqual(['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'])
        expect(typeof service.service_code).toBe('string')
        expect(typeof service.metadata).toBe('boolean')
        expect(service.type).toBe('realtime')
        expect(typeof service.keywords).toBe('string')
      }
      const manhole = list.find((service) => service.service_code === 'missing_manhole_cover')
      expect(manhole).toMatchObject({ service_name: '井盖缺失', group: '市政设施', metadata: true })
      expect(list.find((service) => service.service_code === 'public_toilet')?.metadata).toBe(true)
      expect(list.find((service) => service.service_code === 'exposed_garbage')?.metadata).toBe(false)
    })

    it('lists the same services as <services><service> (XML)', async () => {
      const [json, xml] = await Promise.all([get('/services.json'), get('/services.xml')])
      expect(xml.statusCode).toBe(200)
      expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8')
      const services = (readXml(xml.body, ['service']).services as { service: Record<string, string>[] }).service
      expect(services).toHaveLength(json.json().length)
      expect(childNames(services[0])).toEqual(['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'])
      const manhole = services.find((service) => service.service_code === 'missing_manhole_cover')
      expect(manhole).toMatchObject({ service_name: '井盖缺失', metadata: 'true', type: 'realtime', group: '市政设施' })
    })
  })

  describe('GET services/{service_code}', () => {
    it('defines a required singlevaluelist for 井盖缺失 (JSON)', async () => {
      const res = await get('/services/missing_manhole_cover.json')
      expect(res.statusCode).toBe(200)
      const definition = res.json()
      expect(Object.keys(definition)).toEqual(['service_code', 'attributes'])
      expect(definition.service_code).toBe('missing_manhole_cover')
      const [hazard, notice] = definition.attributes
      expect(Object.keys(hazard)).toEqual(['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values'])
      expect(hazard).toMatchObject({ variable: true, code: 'hazard', datatype: 'singlevaluelist', required: true, order: 1 })
      expect(hazard.values.map((value: { key: string }) => value.key)).toContain('open_hole')
      for (const value of hazard.values) expect(Object.keys(value)).toEqual(['key', 'name'])
      // Information only: not a question for the user.
      expect(notice).toMatchObject({ variable: false, required: false, order: 2, datatype_description: null, values: [] })
    })

    it('defines an optional multivaluelist for 公厕问题 and no attributes for other services', async () => {
      const toilet = (await get('/services/public_toilet.json')).json()
      expect(toilet.attributes).toEqual([expect.objectContaining({ code: 'problem', datatype: 'multivaluelist', required: false })])
      const garbage = await get('/services/exposed_garbage.json')
      expect(garbage.statusCode).toBe(200)
      expect(garbage.json()).toEqual({ service_code: 'exposed_garbage', attributes: [] })
    })

    it('answers XML as <service_definition><attributes><attribute><values><value><key/><name/>', async () => {
      const res = await get('/services/missing_manhole_cover.xml')
      expect(res.statusCode).toBe(200)
      const xml = readXml(res.body, ['attribute', 'value'])
      const definition = xml.service_definition as { service_code: string; attributes: { attribute: Record<string, unknown>[] } }
      expect(childNames(definition)).toEqual(['service_code', 'attributes'])
      const [hazard, notice] = definition.attributes.attribute
      expect(childNames(hazard)).toEqual(['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values'])
      expect(hazard).toMatchObject({ variable: 'true', code: 'hazard', datatype: 'singlevaluelist', required: 'true', order: '1' })
      expect((hazard.values as { value: { key: string; name: string }[] }).value[0]).toEqual({ key: 'open_hole', name: '井盖缺失，井口敞开' })
      expect(notice).toMatchObject({ variable: 'false', datatype_description: '', values: '' })
    })

    it('answers 404 with the spec error list for an unknown service_code, in both formats', async () => {
      const json = await get('/services/no_such_service.json')
      expect(json.statusCode).toBe(404)
      expect(json.json()).toEqual([{ code: 404, description: 'service_code no_such_service was not found' }])
      const xml = await get('/services/no_such_service.xml')
      expect(xml.statusCode).toBe(404)
      expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8')
      expect(readXml(xml.body, ['error'])).toMatchObject({ errors: { error: [{ code: '404', description: 'service_code no_such_service was not found' }] } })
    })
  })

  describe('jurisdiction_id and unknown paths', () => {
    it('accepts our jurisdiction_id, ignores an empty one and answers 404 for another', async () => {
      expect((await get('/services.json?jurisdiction_id=by.gov.cn')).statusCode).toBe(200)
      expect((await get('/services.json?jurisdiction_id=')).statusCode).toBe(200)
      const other = await get('/services.json?jurisdiction_id=sfgov.org')
      expect(other.statusCode).toBe(404)
      expect(other.json()[0].description).toContain('sfgov.org')
    })

    it('answers unknown paths with an Open311 error in the format of the extension, not the /api shape', async () => {
      const json = await get('/no/such/thing.json')
      expect(json.statusCode).toBe(404)
      expect(json.json()).toEqual([{ code: 404, description: expect.stringContaining('discovery.json') }])
      const xml = await ctx.app.inject({ method: 'DELETE', url: `${BASE}/services.xml` })
      expect(xml.statusCode).toBe(404)
      expect(childNames(readXml(xml.body))).toEqual(['?xml', 'errors'])
      const format = await get('/services.yaml')
      expect(format.statusCode).toBe(400)
      expect(readXml(format.body, ['error'])).toMatchObject({ errors: { error: [{ code: '400' }] } })
    })

    it('documents every Open311 route at /docs under the open311 tag', async () => {
      const spec = (await ctx.app.inject({ method: 'GET', url: '/docs/json' })).json()
      const paths = Object.keys(spec.paths).filter((p) => p.startsWith('/open311/v2/'))
      expect(paths.sort()).toEqual(
        [
          '/open311/v2/discovery.{format}',
          '/open311/v2/services.{format}',
          '/open311/v2/services/{service_code}.{format}',
          '/open311/v2/requests.{format}',
          '/open311/v2/requests/{service_request_id}.{format}',
          '/open311/v2/tokens/{token}.{format}',
        ].sort(),
      )
      for (const p of paths) {
        for (const operation of Object.values<{ tags: string[]; responses: Record<string, { content: Record<string, unknown> }> }>(spec.paths[p])) {
          expect(operation.tags).toEqual(['open311'])
          expect(Object.keys(operation.responses['200'].content).sort()).toEqual(['application/json', 'text/xml'])
        }
      }
      expect(spec.paths['/open311/v2/requests.{format}'].post.requestBody.content).toHaveProperty(['application/x-www-form-urlencoded'])
    })
  })
})
