// No import cycles in js/src (the Rust side has tests/module_cycles.rs). Every relative
// `import`/`export … from` counts, type-only ones too, with one stated exception: a wasm
// boundary file (js/src/wasm/*) may import, as types only, the product types its typed
// signatures return, while the product module calls it. Erased by tsc, those edges never load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(new URL('../../js/src', import.meta.url).pathname);

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path.join(dir, e.name)] : []));
}

/** Edges of one file: { to, typeOnly }. */
function edges(file) {
  const text = fs.readFileSync(file, 'utf8');
  const out = [];
  const re = /^(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+'(\.[^']+)'|^import\s+'(\.[^']+)'/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[4] ?? m[5];
    const to = path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts'));
    if (!fs.existsSync(to)) continue; // .html text imports, generated glue outside js/src
    // `import { type A, type B }` with every name type-only counts as type-only too.
    const names = m[3] ?? '';
    const allTypes = /^\{[^}]*\}$/.test(names.trim()) && names.replace(/[{}]/g, '').split(',').filter((s) => s.trim()).every((s) => /^\s*type\s/.test(s));
    out.push({ to, typeOnly: Boolean(m[2]) || allTypes });
  }
  return out;
}

function cycles(graph) {
  const found = [];
  const state = new Map();
  const stack = [];
  const visit = (n) => {
    state.set(n, 'open');
    stack.push(n);
    for (const { to } of graph.get(n) ?? []) {
      if (state.get(to) === 'open') found.push(stack.slice(stack.indexOf(to)).concat(to));
      else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of graph.keys()) if (!state.has(n)) visit(n);
  return found;
}

const rel = (f) => path.relative(ROOT, f);

test('js/src has no import cycles (type-only imports into a wasm boundary file excepted)', () => {
  const all = files(ROOT);
  assert.ok(all.length > 50, `found ${all.length} files`);
  const graph = new Map(all.map((f) => [f, edges(f).filter((e) => !(e.typeOnly && rel(f).startsWith('wasm/')))]));
  const found = cycles(graph).map((c) => c.map(rel).join(' → '));
  assert.deepEqual(found, []);
});

test('the checker finds a cycle when there is one', () => {
  const a = path.join(ROOT, 'a.ts');
  const b = path.join(ROOT, 'b.ts');
  assert.equal(cycles(new Map([[a, [{ to: b }]], [b, [{ to: a }]]])).length, 1);
});
