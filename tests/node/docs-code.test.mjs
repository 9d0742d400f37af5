// README code is code: every ts/js block in README.md and docs/*.md is extracted and compiled by
// tsc with `strict` and `skipLibCheck: false` against the npm-packed tarball, as a user who
// copies it would. A block may be preceded by a hidden prelude, `<!-- prelude: … -->`, for the
// imports and values the surrounding text already introduced (like rustdoc's hidden lines).
// Blocks marked `<!-- run -->` (on one of the two lines before the fence) can run on their own
// (pure functions, or the local simulators): they are also run with node and must exit 0.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { ROOT, packTarball, installTarball } from './packed.mjs';

const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Every ts/js fence: { doc, line, lang, code, prelude }. */
export function extract(doc, text) {
  const lines = text.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript|js|javascript)\s*$/.exec(lines[i]);
    if (!open) continue;
    // The prelude comment must end on the line right before the fence.
    let prelude = '';
    if (i > 0 && lines[i - 1].trimEnd().endsWith('-->')) {
      const head = lines.slice(0, i).join('\n');
      const at = head.lastIndexOf('<!-- prelude:');
      if (at >= 0 && !head.slice(at).slice(0, -3).includes('-->')) prelude = head.slice(at + '<!-- prelude:'.length, head.length - 3).trim();
    }
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    const run = lines.slice(Math.max(0, i - 2), i).some((l) => l.trim() === '<!-- run -->');
    blocks.push({ doc, line: i + 1, lang: open[1], code: lines.slice(start, end).join('\n'), prelude, run });
    i = end;
  }
  return blocks;
}

const blocks = DOCS.flatMap((doc) => extract(doc, readFileSync(join(ROOT, doc), 'utf8')));
let dir;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'robotwire-docs-'));
  installTarball(packTarball(dir), dir, ['@types', '@nestjs', 'rxjs', 'reflect-metadata', 'ioredis', 'socket.io-client', 'socket.io', '@upstash']);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'docs-code', private: true, type: 'module' }));
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('the docs have code blocks to check', () => {
  assert.ok(blocks.length >= 19, `${blocks.length} blocks`);
  assert.ok(blocks.some((b) => b.doc === 'README.md') && blocks.some((b) => b.doc.startsWith('docs/')));
});

test('every ts/js block in README.md and docs/ compiles under strict, skipLibCheck false', () => {
  const files = blocks.map((b, i) => {
    const name = `block${String(i).padStart(2, '0')}.${b.lang.startsWith('j') ? 'js' : 'ts'}`;
    // `export {}` makes each block a module of its own (top-level await, no shared names).
    writeFileSync(join(dir, name), `${b.prelude}\n${b.code}\nexport {};\n`);
    return { name, where: `${b.doc}:${b.line}` };
  });
  const compilerOptions = {
    module: 'nodenext', moduleResolution: 'nodenext', target: 'ES2022', strict: true, skipLibCheck: false, noEmit: true,
    experimentalDecorators: true, emitDecoratorMetadata: true, allowJs: true, checkJs: true, types: ['node'], noUnusedLocals: false,
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: files.map((f) => f.name) }));
  const r = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', dir], { encoding: 'utf8' });
  // Name each error by the doc line it comes from.
  const report = r.stdout.replace(/^(block\d+)\.(?:ts|js)\((\d+),(\d+)\)/gm, (_, f, line) => {
    const file = files.find((x) => x.name.startsWith(f));
    return `${file.where} (block line ${line})`;
  });
  assert.equal(r.status, 0, report);
});

test('blocks marked <!-- run --> run with node against the packed package (and the simulators)', () => {
  const runnable = blocks.filter((b) => b.run);
  assert.ok(runnable.length >= 8, `${runnable.length} runnable blocks`);
  for (const [i, b] of runnable.entries()) {
    const js = transformSync(`${b.prelude}\n${b.code}\nexport {};\n`, { loader: b.lang.startsWith('j') ? 'js' : 'ts', format: 'esm', target: 'es2022' }).code;
    const file = join(dir, `run${String(i).padStart(2, '0')}.mjs`);
    writeFileSync(file, js);
    // Obviously fake secrets for the blocks that read them from the environment.
    const env = { ...process.env, JDME_VERIFICATION_TOKEN: 'fake-docs-verification-token', JDME_ENCRYPT_KEY: 'fake-docs-encrypt-key' };
    const r = spawnSync(process.execPath, [file], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, `${b.doc}:${b.line} exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  }
});
