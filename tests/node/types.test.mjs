// The published types as users' TypeScript setups resolve them: the npm-packed tarball checked
// by @arethetypeswrong/cli and publint, then installed into fixture projects compiled by tsc
// with `strict` and `skipLibCheck: false` under node10 (the classic NestJS tsconfig), node16
// CommonJS, node16 ESM and bundler resolution.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, packTarball, installTarball } from './packed.mjs';

const BIN = (name) => join(ROOT, 'node_modules/.bin', name);
let dir;
let tarball;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'robotwire-types-'));
  tarball = packTarball(dir);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('@arethetypeswrong/cli: no problems for any entry point under node10, node16 (CJS and ESM) and bundler', () => {
  // The wasm subpaths are binary assets, not modules with types.
  const wasm = ['wasm/jdme-webhook', 'wasm/jdme-outbound', 'wasm/yjiyun'];
  const r = spawnSync(BIN('attw'), [tarball, '--exclude-entrypoints', ...wasm, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.analysis.problems, [], JSON.stringify(report.analysis.problems, null, 1));
  assert.equal(r.status, 0);
  const entries = Object.keys(report.analysis.entrypoints);
  for (const e of ['.', './jdme', './webhook', './yjiyun', './sim', './nest', './manual']) assert.ok(entries.includes(e), e);
});

test('publint --strict: no errors, warnings or suggestions', () => {
  const r = spawnSync(BIN('publint'), ['--strict', ROOT], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /All good!/, r.stdout);
});

const USE = `
import { createJdmeWebhook, RobotwireError, WebhookError, JdmeClient, MemoryStore, probeJdmeToken, signJdmeToken } from 'robotwire';
import type { JdmeEvent, JdmeTokenSchemeOption, ErrorInfo } from 'robotwire/jdme';
import { YjiyunClient } from 'robotwire/yjiyun';
import type { YjiyunSocketOptions } from 'robotwire/yjiyun';
import { startSimulator } from 'robotwire/sim';
import { initWasm, isWasmReady } from 'robotwire/manual';

const scheme: JdmeTokenSchemeOption = { event: 'sha256', card: async (vt, stamp) => vt + stamp };
export const hook = createJdmeWebhook({ verificationToken: 'fake-vt', tokenScheme: scheme, store: new MemoryStore() })
  .on('chat_message', (ev) => { const pin: string = ev.event.sender.pin; return pin; })
  .onAny((ev: JdmeEvent | { eventType: string }) => ev.eventType)
  .onError((err, info: ErrorInfo) => {
    // The hook's error is typed: a RobotwireError, narrowed to WebhookError for refusals.
    const typed: RobotwireError = err;
    if (err instanceof WebhookError) return [err.status, err.triedSchemes, info.target];
    return typed.code;
  });
export const stats: number | undefined = hook.tokenStats().event.matched.sha256;
export const probe = probeJdmeToken('{}', { verificationToken: 'fake-vt' }).matches;
export const token: string = signJdmeToken('fake-vt', 1, 'md5-hex');
export const client = new JdmeClient({ appKey: 'k', appSecret: 's', openTeamId: 't', robotId: 'r' });
export const y = new YjiyunClient({ accessKey: 'a', accessSecret: 'b', baseUrl: 'http://127.0.0.1:1' });
export const sock: YjiyunSocketOptions = { transports: ['websocket'] };
export const sim = startSimulator;
export const ready: boolean = isWasmReady() && typeof initWasm === 'function';
`;
const NEST = `
import { RobotwireModule } from 'robotwire/nest';
export const mod = RobotwireModule.forRoot({ client: { appKey: 'k', appSecret: 's', openTeamId: 't', robotId: 'r' } });
`;

/** A fixture project: the tarball as node_modules/robotwire, the repo's @types and Nest linked. */
function fixture(name, { type, module, moduleResolution, nest, code = USE }) {
  const d = join(dir, name);
  mkdirSync(d);
  installTarball(tarball, d, ['@types', '@nestjs', 'rxjs', 'reflect-metadata']);
  writeFileSync(join(d, 'package.json'), JSON.stringify({ name, private: true, ...(type ? { type } : {}) }));
  writeFileSync(join(d, 'index.ts'), code + (nest ? NEST : ''));
  const compilerOptions = { module, moduleResolution, target: 'ES2022', strict: true, skipLibCheck: false, noEmit: true, experimentalDecorators: true, emitDecoratorMetadata: true, types: ['node'] };
  writeFileSync(join(d, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['index.ts'] }));
  return spawnSync(BIN('tsc'), ['-p', d], { encoding: 'utf8' });
}

const SETUPS = {
  // `nest new`'s tsconfig for years: CommonJS output, node10 resolution (ignores "exports").
  'node10-classic-nest': { module: 'commonjs', moduleResolution: 'node', nest: true },
  // @nestjs/common 12 (installed here) is ESM-only, so no CommonJS node16 project can use it:
  // that fixture checks everything else.
  'node16-cjs': { module: 'node16', moduleResolution: 'node16' },
  'node16-esm': { type: 'module', module: 'node16', moduleResolution: 'node16', nest: true },
  'bundler': { type: 'module', module: 'esnext', moduleResolution: 'bundler', nest: true },
};

for (const [name, options] of Object.entries(SETUPS)) {
  test(`tsc ${name}: strict, skipLibCheck false, from the packed tarball`, () => {
    const r = fixture(name, options);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
}

test('control: the same fixture with a type error fails, so the fixtures really are checked', () => {
  const r = fixture('control', { ...SETUPS['node16-esm'], code: USE + "\nexport const bad = createJdmeWebhook({ verificationToken: 1, tokenScheme: 'sha3' });\n" });
  assert.notEqual(r.status, 0);
  assert.match(r.stdout, /TS2322/);
});
