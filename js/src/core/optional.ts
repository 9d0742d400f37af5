// Optional peer dependencies (ioredis, socket.io-client, socket.io) are imported on first use,
// so a user who only verifies webhooks installs none of them. A missing one is a typed error
// that names the package to install, never a bare "Cannot find module".
import { RobotwireError } from './errors.js';

export type OptionalPackage = 'ioredis' | 'socket.io-client' | 'socket.io';

/**
 * Runs `load` (a literal `() => import('pkg')`, so bundlers keep it external) and turns a
 * "module not found" for `name` into `RobotwireError('missing_dependency')`. Any other failure
 * (a broken install) is rethrown as it is.
 */
export async function importOptional<T>(name: OptionalPackage, feature: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown };
    const notFound = (err?.code === 'ERR_MODULE_NOT_FOUND' || err?.code === 'MODULE_NOT_FOUND') && String(err.message).includes(name);
    if (!notFound) throw e;
    throw new RobotwireError('missing_dependency', `${feature} needs the optional peer dependency "${name}": npm install ${name}`);
  }
}
