// @types/react-dom is not installed in this project (the Taro app never imports react-dom itself);
// the console uses one function of it.
declare module 'react-dom/client' {
  import type { ReactNode } from 'react'
  export interface Root {
    render(children: ReactNode): void
    unmount(): void
  }
  export function createRoot(container: Element | DocumentFragment): Root
}
