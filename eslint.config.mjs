// Lint: typescript-eslint's recommended rules plus React hooks, and one project rule:
// the apps (src/, console/src/) import the contract's schema files as types only, so TypeBox stays
// out of their bundles; values come from the contract's pure files (computed below).
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import fs from 'node:fs'

/**
 * Contract files the apps may import values from: those that, directly or through the files they
 * import, never load TypeBox (lifecycle.ts, limits.ts, china-time.ts…). Every other contract file
 * builds schemas at load, so the apps import it with `import type` only. Derived from the files
 * themselves, so a new schema file is covered the day it is written.
 */
function pureContractFiles() {
  const dir = new URL('./contract/', import.meta.url)
  const sources = new Map(
    fs.readdirSync(dir).filter((name) => name.endsWith('.ts')).map((name) => [name.slice(0, -3), fs.readFileSync(new URL(name, dir), 'utf8')]),
  )
  const imports = (source) => [...source.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)].map((match) => match[1])
  const pure = new Map()
  const isPure = (name, seen = new Set()) => {
    if (pure.has(name)) return pure.get(name)
    if (seen.has(name) || !sources.has(name)) return false
    seen.add(name)
    const result = imports(sources.get(name)).every((from) => from.startsWith('./') && isPure(from.slice(2), seen))
    pure.set(name, result)
    return result
  }
  return [...sources.keys()].filter((name) => isPure(name)).sort()
}
const PURE_CONTRACT = pureContractFiles()
/** Value imports of the contract are refused except from the pure files; type imports are fine. */
const contractSchemasAsTypes = (message) => ({
  group: ['@contract/*', '**/contract/*', ...PURE_CONTRACT.flatMap((name) => [`!@contract/${name}`, `!**/contract/${name}`])],
  allowTypeImports: true,
  message,
})

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-h5/', 'dist-console/', '.builds/', '.data/', '.swc/', 'coverage/', 'bench/results.json', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@sinclair/typebox', message: 'TypeBox belongs to the contract and the backend, not the app bundle.' }],
          patterns: [contractSchemasAsTypes('Contract schema files pull TypeBox into the bundle: import their types only (`import type`), values from a pure file.')],
        },
      ],
    },
  },
  {
    // The operator console: contract files that build TypeBox schemas are imported as types only.
    files: ['console/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@sinclair/typebox', message: 'TypeBox belongs to the contract and the backend, not the console bundle.' }],
          patterns: [contractSchemasAsTypes('Contract schema files pull TypeBox into the bundle: import their types only (`import type`).')],
        },
      ],
    },
  },
)
