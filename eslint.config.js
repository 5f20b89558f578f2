import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeOnly = {
  paths: [{ name: 'electron', message: 'The renderer and shared code must not use Electron; go through platform/ and the RPC contract.' }],
  patterns: [
    { group: ['node:*'], message: 'Node built-ins are only for src-main, src-server and tests.' },
    // Bare names only: a folder of ours called crypto/ or url/ is not a Node built-in.
    { regex: '^(fs|path|os|child_process|crypto|http|net|url|util)$', message: 'Node built-ins are only for src-main, src-server and tests.' },
    { group: ['**/src-main/**', '**/src-server/**'], message: 'Dependencies point one way: renderer/shared never import main or server.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist-*/**', 'node_modules/**', '.tmp/**', 'coverage/**', 'release/**', 'build/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}', 'src-shared/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', nodeOnly] },
  },
  {
    // The office service depends on src-shared only: it must build and run without the app.
    files: ['src-server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/src-main/**', '**/src-renderer/**'], message: 'The office service depends on src-shared only.' }] },
      ],
    },
  },
  {
    // The conformance client speaks the protocol from the published documents alone.
    files: ['tests/conformance/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/src-*/**', '**/tests/server/**', '**/tests/sync/**'], message: 'The conformance client imports nothing of the product: build it from docs/ and the OpenAPI document.' }] },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);
