import type { PropsWithChildren } from 'react'
import './app.scss'

/** The app shell: pages render themselves; nothing global to set up yet. */
function App({ children }: PropsWithChildren) {
  return children
}

export default App
