// Builds the example with esbuild: src/*.ts → dist/main.mjs. esbuild compiles the decorators
// (experimentalDecorators in tsconfig.json) but emits no decorator metadata, so every
// constructor parameter names its provider with @Inject(…). robotwire and Nest stay external:
// they are imported at run time like any installed package.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export async function buildNestApp() {
  await build({
    entryPoints: [here('./src/main.ts')],
    outfile: here('./dist/main.mjs'),
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node18',
    sourcemap: 'inline',
    tsconfig: here('./tsconfig.json'),
    logLevel: 'warning',
  });
  return here('./dist/main.mjs');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await buildNestApp());
}
