/**
 * Serves the built H5 app (dist-h5) at `/`. The app routes by hash, so plain static files suffice.
 * Without a build the backend still runs; `/` then says how to build the app.
 */
import fs from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import fp from 'fastify-plugin'

export default fp(
  async (app, opts: { h5Dir: string }) => {
    if (fs.existsSync(path.join(opts.h5Dir, 'index.html'))) {
      // The build ships .br/.gz beside each asset (config/index.ts); serve those when the browser accepts them.
      await app.register(fastifyStatic, {
        root: opts.h5Dir,
        prefix: '/',
        index: ['index.html'],
        wildcard: true,
        preCompressed: true,
        cacheControl: false, // set per file below
        // Names under js/, css/ and static/ carry a content hash: cache them for good; index.html never.
        setHeaders: (res, filePath) => {
          const hashed = /^(js|css|static)[\\/]/.test(path.relative(opts.h5Dir, filePath))
          res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
        },
      })
      return
    }
    app.log.warn({ h5Dir: opts.h5Dir }, 'no H5 build found; run `npm run build:h5` or `npm start`')
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send('云报事 backend is running. The H5 app is not built: run `npm start`.\nAPI: /api  Docs: /docs\n'),
    )
  },
  { name: 'h5-app' },
)
