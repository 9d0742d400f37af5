// Comments point readers at the Rust twin of a TS module ("src/jdme/rules/table.rs `RULES`").
// A file that moved leaves those pointers dangling: every `src/….rs` or `src/…/` named in
// js/src, src, scripts and bench must exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(new URL('../..', import.meta.url).pathname);

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.(ts|rs|mjs|sh)$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

test('every src/… path named in the sources exists', () => {
  const missing = [];
  let checked = 0;
  for (const dir of ['js/src', 'src', 'scripts', 'bench']) {
    for (const f of files(path.join(REPO, dir))) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/(?<![\w/.-])src\/[a-z_][\w/-]*(?:\.rs|\/)(?![\w-])/g)) {
        checked += 1;
        if (!fs.existsSync(path.join(REPO, m[0]))) missing.push(`${path.relative(REPO, f)}: ${m[0]}`);
      }
    }
  }
  assert.ok(checked > 30, `only ${checked} references found: is the pattern still right?`);
  assert.deepEqual(missing, []);
});
