/** The operator console's entry: Leaflet's stylesheet, ours, and the app. */
import 'leaflet/dist/leaflet.css'
// uPlot's few rules load with the shell: esbuild does not attach CSS to a lazily loaded chunk.
import 'uplot/dist/uPlot.min.css'
import './styles.css'
import { createRoot } from 'react-dom/client'
import { App } from './App'

createRoot(document.getElementById('root')!).render(<App />)
