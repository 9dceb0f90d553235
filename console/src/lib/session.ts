/**
 * The staff session: who is signed in (GET /api/console/me), sign-in and sign-out. The session
 * itself is an HttpOnly cookie the page never sees; the CSRF token comes back in the answers.
 */
import { useCallback, useEffect, useState } from 'react'
import { ApiFailure, get, post, setCsrfToken } from './api'

export interface StaffUser {
  id: number
  role: string
  displayName: string
  account?: string
}

interface SessionAnswer {
  user: StaffUser
  csrfToken?: string
}

function remember(answer: SessionAnswer): StaffUser {
  if (answer.csrfToken) setCsrfToken(answer.csrfToken)
  return answer.user
}

export function useSession() {
  const [user, setUser] = useState<StaffUser | null>(null)
  const [checking, setChecking] = useState(true)

  useEffect(() => {
    let alive = true
    get<SessionAnswer>('/console/me')
      .then((answer) => alive && setUser(remember(answer)))
      .catch(() => alive && setUser(null))
      .finally(() => alive && setChecking(false))
    const signedOut = () => setUser(null)
    window.addEventListener('console:signed-out', signedOut)
    return () => {
      alive = false
      window.removeEventListener('console:signed-out', signedOut)
    }
  }, [])

  const signIn = useCallback(async (account: string, password: string) => {
    const answer = await post<SessionAnswer>('/console/login', { account, password })
    setUser(remember(answer))
  }, [])

  const signOut = useCallback(async () => {
    try {
      await post('/console/logout')
    } catch (error) {
      if (!(error instanceof ApiFailure) || error.status !== 401) throw error
    }
    setCsrfToken(null)
    setUser(null)
  }, [])

  return { user, checking, signIn, signOut }
}
