// @ts-check
/**
 * ESLint flat config: the recommended sets of ESLint and typescript-eslint everywhere, React's
 * hook rules in the console. Layout is Prettier's job (`npm run format`), not ESLint's.
 */
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['node_modules/', 'client/dist/', 'dist/', '.data/', 'coverage/', 'client/src/gql/', '**/__generated__/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // The code names what it drops on purpose with a leading underscore: a property taken out
      // of an object by destructuring (`{ stacktrace: _drop, ...rest }`) and the fourth parameter that
      // makes an express function an error handler (`_next`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['client/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    ...reactHooks.configs.flat['recommended-latest'],
  },
);
