/**
 * Serves the built operator console (dist-console, `npm run build:console`) at `/console/`.
 * Like the H5 app: .br/.gz beside each asset are sent precompressed, the content-hashed files under
 * assets/ are cached for good, index.html never. Without a build, `/console/` says how to make one.
 * Registered before the H5 app, which owns `/`.
 */
import fs from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import fp from 'fastify-plugin'

export const CONSOLE_PREFIX = '/console/'

export default fp(
  async (app, opts: { consoleDir: string }) => {
    app.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect(CONSOLE_PREFIX, 301))
    if (fs.existsSync(path.join(opts.consoleDir, 'index.html'))) {
      await app.register(fastifyStatic, {
        root: opts.consoleDir,
        prefix: CONSOLE_PREFIX,
        index: ['index.html'],
        wildcard: true,
        preCompressed: true,
        decorateReply: false, // the H5 app's registration owns reply.sendFile
        cacheControl: false,
        setHeaders: (res, filePath) => {
          const hashed = /^assets[\\/]/.test(path.relative(opts.consoleDir, filePath))
          res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
        },
      })
      return
    }
    app.log.warn({ consoleDir: opts.consoleDir }, 'no console build found; run `npm run build:console` or `npm start`')
    app.get(`${CONSOLE_PREFIX}*`, { schema: { hide: true } }, async (_request, reply) =>
      reply.status(404).type('text/plain; charset=utf-8').send('调度台尚未构建：运行 `npm run build:console`（或 `npm start`）。\n'),
    )
  },
  { name: 'console-app' },
)
