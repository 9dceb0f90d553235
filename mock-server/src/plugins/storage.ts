import fp from 'fastify-plugin'

/** Media storage under DATA_DIR/media, served at /media: filled by the photos work. */
export default fp(async () => {}, { name: 'storage' })
