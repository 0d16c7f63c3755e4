import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Dependencies point one way (docs/architecture.md):
 *   app -> matching -> embedding | storage | supabase -> core;   cli -> embedding | supabase | core.
 * bench/ and test/ obey the same rules. Each entry lists the folders files under `target` may not import.
 */
const layerRules = [
  {
    target: 'src/core',
    forbid: ['src/app', 'src/matching', 'src/embedding', 'src/storage', 'src/supabase', 'src/cli'],
  },
  { target: 'src/embedding', forbid: ['src/app', 'src/matching', 'src/storage', 'src/supabase', 'src/cli'] },
  { target: 'src/storage', forbid: ['src/app', 'src/matching', 'src/embedding', 'src/supabase', 'src/cli'] },
  { target: 'src/supabase', forbid: ['src/app', 'src/matching', 'src/embedding', 'src/storage', 'src/cli'] },
  { target: 'src/matching', forbid: ['src/app', 'src/cli'] },
  { target: 'src/app', forbid: ['src/cli'] },
  { target: 'src/cli', forbid: ['src/app', 'src/matching', 'src/storage'] },
  { target: 'bench', forbid: ['src/app'] },
  { target: 'test', forbid: ['src/app', 'src/matching', 'src/embedding', 'src/storage', 'src/cli'] },
];

// Import paths are relative, so a folder is recognised by its name anywhere in the path ("../../app/x").
const forbiddenImports = (forbid) =>
  forbid.map((folder) => ({
    group: [`**/${folder.replace('src/', '')}/**`],
    message: `${folder} may not be imported here: dependencies point one way (docs/architecture.md).`,
  }));

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public', '.venv-py', 'test-results', 'playwright-report', 'e2e/artifacts'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    settings: {
      // No TypeScript resolver is installed: the node resolver finds our relative imports once it tries .ts.
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json', '.node'] }),
      ],
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-globals': ['error', { name: 'alert', message: 'Show messages in the page, never alert().' }],
      // A cycle defeats the layering even inside one folder, and makes module start-up order matter.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  ...layerRules.map(({ target, forbid }) => ({
    files: [`${target}/**/*.{ts,tsx,js,mjs}`],
    rules: { 'no-restricted-imports': ['error', { patterns: forbiddenImports(forbid) }] },
  })),
  prettier,
);
