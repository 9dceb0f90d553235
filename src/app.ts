import { useLaunch } from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { signInSilently } from './services/http'
import './app.scss'

/** The app shell: signs the resident in silently at launch; pages render themselves. */
function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    void signInSilently()
  })
  return children
}

export default App
