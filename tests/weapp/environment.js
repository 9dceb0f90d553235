/**
 * jsdom, plus two things the real backend these tests host needs:
 * - Node's ArrayBuffer and Uint8Array as the test realm's globals, as jest's own node environment
 *   does (jest-environment-node): a Buffer made by Node is then `instanceof ArrayBuffer` where
 *   Fastify checks it (reply.send sends a Buffer as it is; a cross-realm Buffer fell through to the
 *   JSON serializer and answered 500 for GET /api/facilities/nearest);
 * - when a test file's run is over (after its last afterAll), the Node timers that
 *   tests/weapp/nodeGlobals.ts handed to the app are cleared, so none fires into a torn-down DOM.
 */
const { TestEnvironment } = require('jest-environment-jsdom')

class WeappEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context)
    this.global.ArrayBuffer = ArrayBuffer
    this.global.Uint8Array = Uint8Array
  }

  async handleTestEvent(event) {
    if (event.name === 'run_finish') this.global.__stopTimers?.()
  }
}

module.exports = WeappEnvironment
