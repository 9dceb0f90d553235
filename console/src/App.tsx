/**
 * The console: sign-in, then two views chosen by the hash: 一张图 (the map with the queue and the
 * ticket drawer, #/map) and 数据看板 (#/dashboard, its own chunk with the chart library).
 */
import { Suspense, lazy, useEffect, useState } from 'react'
import { useSession } from './lib/session'
import { MapQueuePage } from './pages/MapQueuePage'
import { SignIn } from './pages/SignIn'

const DashboardPage = lazy(() => import('./pages/DashboardPage'))

type View = 'map' | 'dashboard'
const viewOf = (hash: string): View => (hash.startsWith('#/dashboard') ? 'dashboard' : 'map')

function useView(): View {
  const [view, setView] = useState<View>(() => viewOf(location.hash))
  useEffect(() => {
    const changed = () => setView(viewOf(location.hash))
    window.addEventListener('hashchange', changed)
    return () => window.removeEventListener('hashchange', changed)
  }, [])
  return view
}

const VIEW_TITLES: Record<View, string> = { map: '一张图', dashboard: '数据看板' }

export function App() {
  const { user, checking, signIn, signOut } = useSession()
  const view = useView()

  useEffect(() => {
    document.title = user ? `${VIEW_TITLES[view]} · 云报事调度台` : '登录 · 云报事调度台'
  }, [user, view])

  if (checking) return <p className="loading" role="status">正在加载…</p>
  if (!user) return <SignIn onSignIn={signIn} />
  if (user.role !== 'dispatcher')
    return (
      <main className="sign-in">
        <div className="sign-in__card">
          <h1>调度台仅供调度员使用</h1>
          <p className="sign-in__hint">{user.displayName}（作业人员）请在微信小程序的作业模式中处理任务。</p>
          <button type="button" className="button button--primary button--block" onClick={() => void signOut()}>
            退出登录
          </button>
        </div>
      </main>
    )

  return (
    <div className="shell">
      <header className="topbar">
        <span className="topbar__brand">云报事 · 城管指挥调度台</span>
        <nav aria-label="主导航" className="topbar__nav">
          <a href="#/map" aria-current={view === 'map' ? 'page' : undefined}>
            一张图
          </a>
          <a href="#/dashboard" aria-current={view === 'dashboard' ? 'page' : undefined}>
            数据看板
          </a>
        </nav>
        <span className="topbar__user">
          {user.displayName}
          <button type="button" className="button button--ghost" onClick={() => void signOut()}>
            退出登录
          </button>
        </span>
      </header>
      {view === 'map' ? (
        <MapQueuePage />
      ) : (
        <Suspense fallback={<p className="loading" role="status">正在加载数据看板…</p>}>
          <DashboardPage />
        </Suspense>
      )}
    </div>
  )
}
