import { useEffect, useState } from 'react'
import type { User } from '@contract/auth'
import { signInSilently } from '@/services/http'
import { storedSession } from '@/services/session'

/** The signed-in resident (signing in silently on first use); null until known. */
export function useAuth(): { user: User | null; ready: boolean } {
  const [user, setUser] = useState<User | null>(() => storedSession()?.user ?? null)
  const [ready, setReady] = useState(user !== null)
  useEffect(() => {
    if (ready) return
    let alive = true
    signInSilently().then(() => {
      if (!alive) return
      setUser(storedSession()?.user ?? null)
      setReady(true)
    })
    return () => {
      alive = false
    }
  }, [ready])
  return { user, ready }
}
