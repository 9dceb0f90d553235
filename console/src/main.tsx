/** The operator console's entry: Leaflet's stylesheet, ours, and the app. */
import 'leaflet/dist/leaflet.css'
// uPlot's few rules load with the shell: esbuild does not attach CSS to a lazily loaded chunk.
import 'uplot/dist/uPlot.min.css'
import './styles.css'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { loadBoundaries } from './lib/geo'

// The boundaries are public: fetch them while the session is being checked.
for (const level of ['district', 'street', 'grid'] as const) loadBoundaries(level).catch(() => undefined)

createRoot(document.getElementById('root')!).render(<App />)
