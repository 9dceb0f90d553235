/** `npm run server`: the backend alone, simulator off unless SIM=1. */
import { loadConfig } from './config'
import { startServer } from './server'

startServer(loadConfig(process.env, { sim: false })).catch((error) => {
  console.error(error)
  process.exit(1)
})
