/**
 * The staff session: who is signed in (GET /api/console/me), sign-in and sign-out. The session
 * itself is an HttpOnly cookie the page never sees; the CSRF token comes back in the answers.
 */
import { useCallback, useEffect, useState } from 'react'
import type { StaffLoginBody, StaffSession } from '@contract/console'
import { ApiFailure, get, post, setCsrfToken } from './api'

export type StaffUser = StaffSession['user'] & { accountName: string | null }
type SessionAnswer = StaffSession

function remember(answer: SessionAnswer): StaffUser {
  setCsrfToken(answer.csrfToken)
  return { ...answer.user, accountName: answer.accountName }
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
    const body: StaffLoginBody = { name: account, password }
    const answer = await post<SessionAnswer>('/console/login', body)
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
