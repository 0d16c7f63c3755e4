#!/usr/bin/env node
// careerpilot-match: the command-line embedder. The CLI is TypeScript that shares its engine with the
// browser; tsx compiles it on the fly, with this project's tsconfig wherever the command is run from.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/cli/main.ts');
