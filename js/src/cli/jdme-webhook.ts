// `robotwire jdme sign|encrypt|decrypt|verify|token-probe`: the webhook crypto from a terminal.
import { encryptJdmeEvent, decryptJdmeEvent } from '../jdme/crypto.js';
import { probeJdmeToken, signJdmeToken } from '../jdme/token.js';
import type { JdmeTokenProbe, JdmeTokenSchemeName } from '../jdme/token.js';
import { core } from '../core/wasm.js';
import { fromCore } from '../core/errors.js';
import { flags, need, readStdin, UsageError } from './io.js';

export async function sign(argv: string[]): Promise<void> {
  const { values } = flags(argv, { 'verification-token': { type: 'string' }, timestamp: { type: 'string' }, 'token-scheme': { type: 'string' } });
  const ts = need(values.timestamp, 'timestamp');
  if (!/^\d+$/.test(ts)) throw new UsageError('--timestamp must be the millisecond timeStamp (decimal digits)');
  const scheme = (values['token-scheme'] as JdmeTokenSchemeName | undefined) ?? 'sha256';
  process.stdout.write(signJdmeToken(need(values['verification-token'], 'verification-token'), ts, scheme) + '\n');
}

export async function encrypt(argv: string[]): Promise<void> {
  const { values } = flags(argv, { 'encrypt-key': { type: 'string' } });
  const key = need(values['encrypt-key'], 'encrypt-key');
  const input = (await readStdin()).toString('utf8');
  process.stdout.write(encryptJdmeEvent(key, input) + '\n');
}

/** Accepts a raw Base64 value or a `{"encrypt": …}` body. */
export async function decrypt(argv: string[]): Promise<void> {
  const { values } = flags(argv, { 'encrypt-key': { type: 'string' } });
  const key = need(values['encrypt-key'], 'encrypt-key');
  const input = (await readStdin()).toString('utf8').trim();
  let value = input;
  if (input.startsWith('{')) {
    let obj: unknown;
    try {
      obj = JSON.parse(input);
    } catch {
      throw new UsageError('stdin starts with "{" but is not JSON');
    }
    const enc = (obj as { encrypt?: unknown }).encrypt;
    if (typeof enc !== 'string') throw new UsageError('the JSON body has no string "encrypt" field');
    value = enc;
  }
  process.stdout.write(decryptJdmeEvent(key, value) + '\n');
}

/** Reads a body exactly as posted, decrypts, checks token (and window if asked), prints the event JSON as verified. */
export async function verify(argv: string[]): Promise<void> {
  const { values } = flags(argv, {
    'verification-token': { type: 'string' },
    'encrypt-key': { type: 'string' },
    'tolerance-seconds': { type: 'string' },
    'token-scheme': { type: 'string' },
  });
  const vt = need(values['verification-token'], 'verification-token');
  // One rule for events and card callbacks (sha256, either, plain, md5-hex, a comma list, …).
  const scheme = values['token-scheme'] as string | undefined;
  if (scheme === 'custom') throw new UsageError('--token-scheme custom needs a function: use the webhook option instead');
  const tolRaw = values['tolerance-seconds'] as string | undefined;
  let tolMs = -1; // no window unless asked: captured bodies are usually old
  if (tolRaw !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(tolRaw)) throw new UsageError('--tolerance-seconds must be a non-negative number');
    tolMs = Math.round(Number(tolRaw) * 1000);
  }
  const body = await readStdin();
  let out: { kind: string; json: string };
  try {
    const v = new core.JdmeVerifier(vt, (values['encrypt-key'] as string | undefined) ?? null, tolMs, -1, body.byteLength + 1, scheme, scheme);
    out = v.verify(body, Date.now());
    v.free();
  } catch (e) {
    throw fromCore(e);
  }
  // Verbatim: re-serialising through JSON.parse would round integers above 2^53 (msgId, …).
  process.stdout.write(out.json + '\n');
}

/**
 * Which token scheme a captured body was signed with: the first step of a real integration.
 * Prints every candidate, then the option to paste; exit 0 on a match, 1 otherwise. Never
 * prints the token or the secrets.
 */
export async function tokenProbe(argv: string[]): Promise<void> {
  const { values } = flags(argv, { 'verification-token': { type: 'string' }, 'encrypt-key': { type: 'string' }, json: { type: 'boolean' } });
  const vt = need(values['verification-token'], 'verification-token');
  const body = await readStdin();
  const key = values['encrypt-key'] as string | undefined;
  const p = probeJdmeToken(body, { verificationToken: vt, ...(key !== undefined ? { encryptKey: key } : {}) });
  if (values.json) {
    process.stdout.write(JSON.stringify(p, null, 2) + '\n');
  } else {
    process.stdout.write(describeProbe(p));
  }
  if (p.matches.length === 0) process.exitCode = 1;
}

function describeShape(t: NonNullable<JdmeTokenProbe['token']>): string {
  const size: Record<number, string> = { 32: 'the size of a SHA-256 or HMAC-SHA256 digest', 20: 'the size of a SHA-1 digest', 16: 'the size of an MD5 digest' };
  const what = t.encoding === 'other' ? 'neither hex nor Base64' : `${t.encoding === 'hex' ? 'hex' : 'Base64'} of ${t.bytes} bytes`;
  const hint = t.bytes !== undefined && size[t.bytes] ? `: ${size[t.bytes]}` : '';
  return `${t.length} characters, ${what}${hint}`;
}

function describeProbe(p: JdmeTokenProbe): string {
  const lines: string[] = [];
  const what = p.kind === 'card' ? 'card callback' : 'event';
  if (!p.hasToken) {
    lines.push(`token-probe: this ${what} has no token field: the robot has no Verification Token set on the platform.`);
    lines.push('  Set one there (then probe a new capture), or pass verificationToken: null to accept unauthenticated posts.');
    return lines.join('\n') + '\n';
  }
  const stamp = p.stamp === undefined ? `no ${p.stampField}` : `${p.stampField} ${p.stamp}`;
  lines.push(`token-probe: ${what}, ${stamp}, token ${p.token ? `of ${describeShape(p.token)}` : 'is the verification token itself'}`);
  const width = Math.max(...p.candidates.map((c) => c.id.length));
  for (const c of p.candidates) lines.push(`  ${c.matched ? 'MATCH' : '  -  '}  ${c.id.padEnd(width)}  ${c.formula}`);
  if (p.matches.length === 0) {
    lines.push('');
    lines.push('No known scheme reproduces this token. Check that --verification-token is this robot\'s (and --encrypt-key, if the body was encrypted).');
    lines.push('If both are right, the platform derives the token some other way: pass your own function as tokenScheme,');
    lines.push(`  createJdmeWebhook({ verificationToken, tokenScheme: { ${p.kind}: (verificationToken, stamp) => { throw new Error('TODO: the toolkit\'s encrypt') } } })`);
    return lines.join('\n') + '\n';
  }
  const id = p.matches[0]!;
  // Only the probed kind: a single value would also change the other kind's rule.
  const option = `{ ${p.kind}: '${id}' }`;
  const isDefault = p.kind === 'event' ? id === 'sha256' : id === 'sha256' || id === 'plain';
  lines.push('');
  lines.push(`The platform signs ${p.kind === 'card' ? 'card callbacks' : 'events'} with: ${id}${isDefault ? " (robotwire's default accepts it: nothing to change)" : ''}`);
  lines.push(`  createJdmeWebhook({ verificationToken, tokenScheme: ${option} })`);
  lines.push(`  robotwire jdme verify --verification-token … --token-scheme ${id}`);
  lines.push(`  (probe a captured ${p.kind === 'event' ? 'card callback' : 'event'} the same way)`);
  return lines.join('\n') + '\n';
}
