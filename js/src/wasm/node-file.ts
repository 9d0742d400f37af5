// Node entries: a .wasm file's bytes, found next to the bundle or, failing that, in the
// installed package.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { RobotwireError } from '../core/errors.js';

/**
 * `url` is the literal `new URL('../../pkg/…', import.meta.url)` of the entry, which webpack,
 * Next.js (Turbopack) and Rollup-based tools see and copy. Some bundlers inline robotwire but
 * leave that URL unusable: Vite SSR with `ssr.noExternal` keeps it relative to the user's
 * bundle, and Next.js's webpack server build turns it into a public-path URL
 * (`/_next/static/media/…`) that is no file. Then the installed package is asked for
 * `specifier` (e.g. `robotwire/wasm/jdme-webhook`), first from the bundle
 * (`import.meta.resolve`), then from the app's working directory (`next start` and most
 * servers run there), and only if all fail is it a `wasm_not_found` error saying what to do.
 * Paths go to fs as strings: the URL objects bundlers make are not always Node's own class.
 */
export function readWasmFile(url: URL, specifier: string): Uint8Array {
  try {
    return readFileSync(fileURLToPath(String(url.href)));
  } catch (e) {
    for (const locate of [fromBundle, fromWorkingDirectory]) {
      let path: string | undefined;
      try {
        path = locate(specifier);
      } catch {
        path = undefined;
      }
      if (path === undefined) continue;
      try {
        return readFileSync(path);
      } catch {
        // try the next place
      }
    }
    throw new RobotwireError(
      'wasm_not_found',
      `robotwire's ${specifier} module is neither at ${String(url.href)} nor resolvable from the bundle or ${process.cwd()}: ` +
        `keep robotwire external to your server bundle (the default of Vite SSR; Next.js serverExternalPackages), ` +
        `or install robotwire where the server runs`,
      { cause: e },
    );
  }
}

function fromBundle(specifier: string): string | undefined {
  // `undefined` in the CJS builds (scripts/build.mjs defines it so) and where a bundler drops it.
  const resolve = import.meta.resolve as ((s: string) => string) | undefined;
  return typeof resolve === 'function' ? fileURLToPath(resolve(specifier)) : undefined;
}

function fromWorkingDirectory(specifier: string): string {
  // Not createRequire(import.meta.url): webpack rewrites that into its own require.
  return createRequire(join(process.cwd(), 'package.json')).resolve(specifier);
}
