// Node entries: a .wasm file's bytes, found next to the bundle or, failing that, in the
// installed package.
import { readFileSync } from 'node:fs';
import { RobotwireError } from '../core/errors.js';

/**
 * `url` is the literal `new URL('../../pkg/…', import.meta.url)` of the entry, which webpack,
 * Next.js and Rollup-based tools see and copy. A bundler that inlines robotwire but leaves that
 * URL alone (Vite SSR with `ssr.noExternal`) makes it point next to the user's bundle; then the
 * installed package is asked (`import.meta.resolve` of `specifier`, e.g.
 * `robotwire/wasm/jdme-webhook`), and only if that fails too is it a `wasm_not_found` error
 * saying what to do.
 */
export function readWasmFile(url: URL, specifier: string): Uint8Array {
  try {
    return readFileSync(url);
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'ENOENT') throw e;
    let installed: URL | undefined;
    try {
      // `undefined` in the CJS builds (scripts/build.mjs defines it so): no fallback there.
      const resolve = import.meta.resolve as ((s: string) => string) | undefined;
      if (typeof resolve === 'function') installed = new URL(resolve(specifier));
    } catch {
      installed = undefined;
    }
    if (installed !== undefined && installed.href !== url.href) {
      try {
        return readFileSync(installed);
      } catch {
        // reported below
      }
    }
    throw new RobotwireError(
      'wasm_not_found',
      `robotwire's ${specifier} module is neither at ${url.href} nor resolvable from the bundle: ` +
        `keep robotwire external to your server bundle (the default of Vite SSR, Next.js serverExternalPackages), ` +
        `or copy node_modules/robotwire/pkg/*.wasm to ${new URL('.', url).href}`,
      { cause: e },
    );
  }
}
