// The CLI's help, black-box: every command listed by `robotwire --help` answers `--help`, `-h`
// and `robotwire help CMD` with exit 0, a usage line, its options and an example; every flag its
// usage line names is one the parser accepts, and an unlisted one is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { runCli, each, CLI } from './spawn.mjs';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

async function commands() {
  const r = await runCli(['--help']);
  assert.equal(r.status, 0);
  const section = r.stdout.split('commands:\n')[1].split('\n\n')[0];
  return section.split('\n').map((l) => l.trim().split(/\s{2,}/)[0]);
}

test('robotwire --help / -h / help list every command; no arguments prints it and exits 1', async () => {
  const names = await commands();
  for (const n of ['jdme sign', 'jdme encrypt', 'jdme decrypt', 'jdme verify', 'jdme token-probe', 'jdme check', 'jdme explain', 'jdme sim', 'yjiyun check', 'yjiyun sim', 'sim']) {
    assert.ok(names.includes(n), n);
  }
  for (const args of [['-h'], ['help']]) {
    const r = await runCli(args);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /usage: robotwire <platform> <command>/);
  }
  const bare = await runCli([]);
  assert.equal(bare.status, 1);
  assert.match(bare.stdout, /commands:/);
});

test('--version, -v and version print the package version', async () => {
  for (const a of ['--version', '-v', 'version']) {
    const r = await runCli([a]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout.trim(), version);
  }
});

test('every command: --help, -h and help CMD exit 0 with usage, options and an example; each listed flag parses', async () => {
  const names = await commands();
  await each(names, async (name) => {
    const words = name.split(' ');
    const texts = [];
    for (const args of [[...words, '--help'], [...words, '-h'], ['help', ...words]]) {
      const r = await runCli(args);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      texts.push(r.stdout);
    }
    assert.equal(texts[0], texts[1]);
    assert.equal(texts[0], texts[2]);
    const text = texts[0];
    const usage = /^usage: (robotwire .*)$/m.exec(text)?.[1];
    assert.ok(usage?.startsWith(`robotwire ${name}`), `${name}: ${text}`);
    assert.match(text, /\nexamples?:\n  (echo .* \| )?robotwire /, name);
    const flags = [...usage.matchAll(/--([a-z-]+)/g)].map((m) => m[1]);
    for (const f of flags) assert.ok(text.includes(`  --${f}`), `${name}: --${f} is described`);
    // Each listed flag is accepted by the parser (the command then fails on something else, or
    // succeeds on empty stdin); sim commands get a bad port so they stop before listening.
    const stop = name.endsWith('sim') ? ['--port', 'not-a-port'] : [];
    for (const f of flags) {
      if (f === 'port') continue;
      const value = new RegExp(`--${f} [^-\\s<]`).test(usage) ? ['x'] : [];
      const r = await runCli([...words, `--${f}`, ...value, ...stop]);
      assert.doesNotMatch(r.stderr, /Unknown option/, `${name} --${f}: ${r.stderr}`);
    }
    const unknown = await runCli([...words, '--no-such-flag', ...stop]);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /Unknown option '--no-such-flag'/, name);
  });
});

test('platform help, unknown commands and help for nothing', async () => {
  for (const p of ['jdme', 'yjiyun']) {
    const h = await runCli([p, '--help']);
    assert.equal(h.status, 0);
    assert.match(h.stdout, new RegExp(`robotwire ${p} \\w`));
    const bare = await runCli([p]);
    assert.equal(bare.status, 1);
    assert.equal(bare.stdout, h.stdout);
  }
  const unknown = await runCli(['jdme', 'nope']);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /unknown command "jdme nope"; run robotwire jdme --help/);
  const nothing = await runCli(['help', 'jdme', 'nope']);
  assert.equal(nothing.status, 1);
  assert.match(nothing.stderr, /no command "jdme nope"/);
  const platform = await runCli(['wechat', 'send']);
  assert.equal(platform.status, 1);
});

test('robotwire jdme sim and robotwire yjiyun sim start that platform only', async () => {
  for (const [platform, banner, other] of [['jdme', '京ME', '有机云'], ['yjiyun', '有机云', '京ME']]) {
    const child = spawn(process.execPath, [CLI, platform, 'sim', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    try {
      const url = await new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no banner: ${out}`)), 15_000);
        child.stdout.on('data', (c) => {
          out += c;
          const m = new RegExp(`robotwire sim \\(${banner}\\) listening on (http://127\\.0\\.0\\.1:\\d+)[\\s\\S]*(appKey|accessKey)`).exec(out);
          if (m) {
            clearTimeout(t);
            resolve(m[1]);
          }
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      assert.equal((await fetch(`${url}/`)).status, 200, platform);
      assert.ok(!out.includes(other), `${platform} sim started only ${banner}`);
    } finally {
      const exited = new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
  }
});
