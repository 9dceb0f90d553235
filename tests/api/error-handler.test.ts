import { Type } from '@sinclair/typebox'
import { useTestApp } from '../helpers/app'
import { ApiError } from '../../mock-server/src/lib/api-error'

describe('the error handler', () => {
  const ctx = useTestApp()
  beforeAll(async () => {
    // Routes registered only for this test, to exercise validation and thrown errors.
    ctx.app.post(
      '/api/__test/echo',
      {
        schema: {
          body: Type.Object(
            { name: Type.String({ maxLength: 5 }), location: Type.Object({ lat: Type.Number() }) },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => request.body,
    )
    ctx.app.get('/api/__test/out', async () => {
      throw ApiError.invalidField('body.location', 'is outside the district', 'OUT_OF_DISTRICT')
    })
    ctx.app.get('/api/__test/crash', async () => {
      throw new Error('secret internal detail')
    })
  })

  it('answers a validation failure with 400, a machine code and the field', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/__test/echo', payload: { name: 'toolongname', location: { lat: 1 } } })
    expect(res.statusCode).toBe(400)
    const body = res.json()
    expect(body.code).toBe('VALIDATION_FAILED')
    expect(body.details).toEqual([{ field: 'body.name', message: expect.stringContaining('5') }])
  })

  it('names a missing nested field and refuses unknown ones instead of dropping them', async () => {
    const missing = await ctx.app.inject({ method: 'POST', url: '/api/__test/echo', payload: { name: 'a', location: {} } })
    expect(missing.json().details[0].field).toBe('body.location.lat')
    const extra = await ctx.app.inject({ method: 'POST', url: '/api/__test/echo', payload: { name: 'a', location: { lat: 1 }, admin: true } })
    expect(extra.statusCode).toBe(400)
    expect(extra.json().details[0]).toEqual({ field: 'body.admin', message: 'is not allowed' })
  })

  it('passes an ApiError through with its status and code', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/__test/out' })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'OUT_OF_DISTRICT', details: [{ field: 'body.location' }] })
  })

  it('hides internals of unexpected errors behind a 500', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/__test/crash' })
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ code: 'INTERNAL', message: 'Internal server error' })
  })

  it('answers unknown API routes with a 404 in the same shape', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/nope' })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('NOT_FOUND')
  })
})
