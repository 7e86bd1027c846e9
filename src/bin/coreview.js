#!/usr/bin/env node
// The `coreview` command: loads the TypeScript CLI through tsx, so no build step is needed.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// Point tsx at our tsconfig (JSX runtime, module settings) whatever the current directory is.
register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
const { main } = await import('../cli.ts');
process.exitCode = await main(process.argv.slice(2));
