import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Dependencies point one way: app -> embedding | storage | supabase -> core; cli -> embedding | supabase | core.
const layerRules = [
  { target: 'src/core', forbid: ['src/app', 'src/embedding', 'src/storage', 'src/supabase', 'src/cli'] },
  { target: 'src/embedding', forbid: ['src/app', 'src/storage', 'src/supabase', 'src/cli'] },
  { target: 'src/storage', forbid: ['src/app', 'src/embedding', 'src/supabase', 'src/cli'] },
  { target: 'src/supabase', forbid: ['src/app', 'src/embedding', 'src/storage', 'src/cli'] },
  { target: 'src/app', forbid: ['src/cli'] },
  { target: 'src/cli', forbid: ['src/app', 'src/storage'] },
];

const forbiddenImports = (forbid) =>
  forbid.map((folder) => ({
    group: [`**/${folder.replace('src/', '')}/**`],
    message: `${folder} may not be imported here (see design.md: dependencies point one way).`,
  }));

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public', '.venv-py', 'test-results', 'playwright-report', 'e2e/artifacts'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-globals': ['error', { name: 'alert', message: 'Show messages in the page, never alert().' }],
    },
  },
  ...layerRules.map(({ target, forbid }) => ({
    files: [`${target}/**/*.{ts,tsx}`],
    rules: { 'no-restricted-imports': ['error', { patterns: forbiddenImports(forbid) }] },
  })),
  prettier,
);
