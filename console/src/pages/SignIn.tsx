/** 登录: account name and password; the server's refusal (wrong password, too many tries) is shown in words. */
import { useState, type FormEvent } from 'react'
import { ApiFailure } from '../lib/api'

const SIGN_IN_MESSAGES: Record<string, string> = {
  UNAUTHORIZED: '账号或密码错误',
  RATE_LIMITED: '尝试次数过多，请稍后再试',
  FORBIDDEN: '该账号无权使用调度台',
}

export function SignIn({ onSignIn }: { onSignIn: (account: string, password: string) => Promise<void> }) {
  const [account, setAccount] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!account.trim() || !password) {
      setError('请输入账号和密码')
      return
    }
    setBusy(true)
    setError(null)
    try {
      await onSignIn(account.trim(), password)
    } catch (failure) {
      const known = failure instanceof ApiFailure ? SIGN_IN_MESSAGES[failure.code] : undefined
      setError(known ?? (failure instanceof ApiFailure ? failure.message : '登录失败，请重试'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="sign-in">
      <form className="sign-in__card" onSubmit={submit} aria-labelledby="sign-in-title" noValidate>
        <h1 id="sign-in-title">云报事 · 城管指挥调度台</h1>
        <p className="sign-in__hint">工作人员使用账号和密码登录</p>
        <label className="field">
          <span>账号</span>
          <input name="account" autoComplete="username" value={account} onChange={(e) => setAccount(e.target.value)} aria-invalid={Boolean(error)} />
        </label>
        <label className="field">
          <span>密码</span>
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={Boolean(error)} />
        </label>
        <p className="form-error" role="alert" aria-live="assertive">
          {error ?? ''}
        </p>
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? '登录中…' : '登录'}
        </button>
      </form>
    </main>
  )
}
