// Optional peer dependencies (ioredis, socket.io-client, socket.io) are imported on first use,
// so a user who only verifies webhooks installs none of them. A missing one is a typed error
// that names the package to install, never a bare "Cannot find module".
import { RobotwireError } from './errors.js';

export type OptionalPackage = 'ioredis' | 'socket.io-client' | 'socket.io' | 'socket.io-client-v2' | 'socket.io-v2';

// The socket.io v2 generation is installed under an npm alias beside the current one.
const INSTALL: Partial<Record<OptionalPackage, string>> = {
  'socket.io-client-v2': 'socket.io-client-v2@npm:socket.io-client@^2.5.0',
  'socket.io-v2': 'socket.io-v2@npm:socket.io@^2.5.1',
};

/**
 * Imports `name` at run time. The specifier is a variable and marked ignore for webpack and
 * Vite, so a user's bundler never tries to resolve a package the user did not install (a
 * literal `import('ioredis')` made esbuild/webpack builds fail without it). "Module not found"
 * for `name` itself becomes `RobotwireError('missing_dependency')`; any other failure (a broken
 * install, a missing dependency of the package) is rethrown with its own message as the cause.
 */
export async function importOptional<T>(name: OptionalPackage, feature: string): Promise<T> {
  const specifier: string = name;
  try {
    return (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as T;
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown };
    const quoted = `'${name}'`;
    const missing =
      (err?.code === 'ERR_MODULE_NOT_FOUND' || err?.code === 'MODULE_NOT_FOUND') &&
      (String(err.message).startsWith(`Cannot find package ${quoted}`) || String(err.message).startsWith(`Cannot find module ${quoted}`));
    if (!missing) throw e;
    throw new RobotwireError('missing_dependency', `${feature} needs the optional peer dependency "${name}": npm install ${INSTALL[name] ?? name}`, { cause: e });
  }
}
