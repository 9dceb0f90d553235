/** The operator console's entry: Leaflet's stylesheet, ours, and the app. */
import 'leaflet/dist/leaflet.css'
// uPlot's few rules load with the shell: esbuild does not attach CSS to a lazily loaded chunk.
import 'uplot/dist/uPlot.min.css'
import './styles.css'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { loadBoundaries } from './lib/geo'
import { prefetchFirstScreen } from './pages/MapQueuePage'

// The boundaries are public: fetch them while the session is being checked, and the first
// screen's data too (queue first: it is the lightest, the 20,000-point layer last).
for (const level of ['district', 'street', 'grid'] as const) loadBoundaries(level).catch(() => undefined)
if (!location.hash.startsWith('#/dashboard')) prefetchFirstScreen()

createRoot(document.getElementById('root')!).render(<App />)
