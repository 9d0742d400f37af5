// The API reference (docs/api, Markdown by TypeDoc from the doc comments) documents every public
// export (typedoc.json: notDocumented validation, warnings are errors) and is what the sources
// say now: regenerated here and compared with the committed copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from './packed.mjs';

const files = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? e.path, e.name)))
    .sort();

test('typedoc: every public export documented, and docs/api is up to date', () => {
  const out = mkdtempSync(join(tmpdir(), 'robotwire-api-'));
  try {
    const r = spawnSync(join(ROOT, 'node_modules/.bin/typedoc'), ['--out', out], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, `typedoc failed (an undocumented export?):\n${r.stdout}\n${r.stderr}`);
    const committed = join(ROOT, 'docs/api');
    assert.deepEqual(files(out), files(committed), 'docs/api differs: run npx typedoc and commit docs/api');
    for (const f of files(out)) assert.equal(readFileSync(join(out, f), 'utf8'), readFileSync(join(committed, f), 'utf8'), `docs/api/${f} is stale: run npx typedoc`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
