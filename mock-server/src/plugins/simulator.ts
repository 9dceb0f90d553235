/**
 * Runs the dispatch simulator on a timer when SIM is on (npm start), and reacts at once to new
 * and reopened tickets. Off in tests unless a test asks for it; `app.simulator.step()` drives it by hand.
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

    let running: Promise<unknown> | null = null
    const tick = () => {
      if (running) return
      running = simulator
        .step()
        .catch((err) => app.log.error({ err }, 'simulator step failed'))
        .finally(() => {
          running = null
          // Its changes committed outside any request: fan them out to the live streams now.
          app.events.kick()
        })
    }
    const timer = setInterval(tick, simulator.intervalMs)
    timer.unref()
    app.addHook('onReady', async () => app.log.info({ speed: app.config.simSpeed, everyMs: simulator.intervalMs }, 'dispatch simulator on'))
    app.addHook('onClose', async () => {
      clearInterval(timer)
      await running
    })
  },
  { name: 'simulator', dependencies: ['db', 'geo', 'storage', 'tickets', 'workforce'] },
)
