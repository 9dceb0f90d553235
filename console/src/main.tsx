/** The operator console's entry: Leaflet's stylesheet, ours, and the app. */
import 'leaflet/dist/leaflet.css'
import './styles.css'
import { createRoot } from 'react-dom/client'
import { App } from './App'

createRoot(document.getElementById('root')!).render(<App />)
