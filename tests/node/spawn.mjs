// Black-box process helpers for the CLI tests.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli/robotwire.cjs', import.meta.url));

/** Runs a process with `input` on stdin; resolves { status, stdout, stderr } (UTF-8). */
export function spawnWithInput(cmd, args, input = '') {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: 20_000 });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => undefined); // a command that exits before reading stdin
    child.stdin.end(input);
  });
}

/** `robotwire …` with `input` on stdin. */
export const runCli = (args, input = '') => spawnWithInput(process.execPath, [CLI, ...args], input);

/** Independent spawns, a few at a time (each is ~0.1 s of CPU on a 2-core machine). */
export async function each(items, fn, limit = 3) {
  const queue = [...items.entries()];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await fn(next[1], next[0]);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}
