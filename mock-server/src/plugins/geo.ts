import fp from 'fastify-plugin'

/** Decorates app.geo (district boundaries, address resolution): filled by the geo/facilities work. */
export default fp(async () => {}, { name: 'geo' })
