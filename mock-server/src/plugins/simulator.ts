/**
 * Runs the dispatch simulator on a timer when SIM is on (npm start), and reacts at once to new
 * and reopened tickets, on the leader instance (plugins/cluster.ts). Off in tests unless a test asks for it; `app.simulator.step()` drives it by hand.
 */
import fp from 'fastify-plugin'
import { DispatchSimulator } from '../services/simulator'

declare module 'fastify' {
  interface FastifyInstance {
    simulator: DispatchSimulator
  }
}

export default fp(
  async (app) => {
    const simulator = new DispatchSimulator(app)
    app.decorate('simulator', simulator)
    if (!app.config.sim) return

    // On the leader only: with several instances on PostgreSQL one simulator drives the workers.
    app.cluster.every('simulator', simulator.intervalMs, async () => {
      try {
        await simulator.step()
      } finally {
        // Its changes committed outside any request: fan them out to the live streams now.
        app.events.kick()
      }
    })
    app.addHook('onReady', async () => app.log.info({ speed: app.config.simSpeed, everyMs: simulator.intervalMs }, 'dispatch simulator on'))
  },
  { name: 'simulator', dependencies: ['db', 'cluster', 'geo', 'storage', 'tickets', 'workforce'] },
)
