// The package as users get it: `npm pack` of this checkout, installed into a fixture project
// as node_modules/robotwire, with chosen packages linked from the repo's node_modules.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Packs the checkout into `dir`; returns the tarball's path. */
export function packTarball(dir) {
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }));
  return join(dir, filename);
}

/** Extracts `tarball` as `project`/node_modules/robotwire and links `links` (package names) from the repo. */
export function installTarball(tarball, project, links = []) {
  const target = join(project, 'node_modules', 'robotwire');
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  for (const m of links) symlinkSync(join(ROOT, 'node_modules', m), join(project, 'node_modules', m));
}
