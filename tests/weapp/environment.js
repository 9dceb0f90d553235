/**
 * jsdom, plus: when a test file's run is over (after its last afterAll), the Node timers that
 * tests/weapp/nodeGlobals.ts handed to the app are cleared, so none fires into a torn-down DOM.
 */
const { TestEnvironment } = require('jest-environment-jsdom')

class WeappEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    if (event.name === 'run_finish') this.global.__stopTimers?.()
  }
}

module.exports = WeappEnvironment
