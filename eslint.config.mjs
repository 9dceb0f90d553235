// Lint: typescript-eslint's recommended rules plus React hooks, and one project rule:
// app code imports the contract's schemas as types only, so TypeBox stays out of the bundle.
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-h5/', '.builds/', '.data/', '.swc/', 'coverage/', 'bench/results.json', '**/*.d.ts'] },
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
          paths: [
            { name: '@sinclair/typebox', message: 'TypeBox belongs to the contract and the backend, not the app bundle.' },
            
          ],
          patterns: [
            {
              group: ['@contract/schemas', '**/contract/schemas'],
              allowTypeImports: true,
              message: 'Import the contract schemas as types only (`import type`).',
            },
          ],
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
          patterns: [
            {
              group: ['@contract/*', '!@contract/lifecycle', '!@contract/limits', '!@contract/errors', '!@contract/kpi', '!@contract/work-limits', '!@contract/china-time'],
              allowTypeImports: true,
              message: 'Contract schema files pull TypeBox into the bundle: import their types only (`import type`).',
            },
          ],
        },
      ],
    },
  },
)
