import { useDidShow, useLaunch } from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { signInSilently } from './services/http'
import { flushReportOutbox, flushReportOutboxWhenOnline } from './domain/report/outbox'
import { installBrowserShell } from './utils/browserShell'
import './app.scss'

/**
 * The app shell: signs the resident in silently at launch, and sends reports waiting in the
 * outbox whenever the app shows again or the network comes back. Pages render themselves.
 */
function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    installBrowserShell()
    void signInSilently()
    flushReportOutboxWhenOnline()
  })
  useDidShow(flushReportOutbox)
  return children
}

export default App
