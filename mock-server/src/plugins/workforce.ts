/** Seeds the staff accounts once the district's grids are known (a worker per grid). */
import fp from 'fastify-plugin'
import { seedStaff } from '../services/workers'

export default fp(async (app) => seedStaff(app), { name: 'workforce', dependencies: ['db', 'geo'] })
