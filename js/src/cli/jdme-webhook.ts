// `robotwire jdme sign|encrypt|decrypt|verify|token-probe`: the webhook crypto from a terminal.
import { decryptJdmeEvent } from '../jdme/crypto.js';
import { encryptJdmeEvent } from '../jdme/encrypt.js';
import { jdmeTokenSchemes, probeJdmeToken, signJdmeToken } from '../jdme/token.js';
import type { JdmeTokenProbe, JdmeTokenSchemeName } from '../jdme/token.js';
import { newVerifier } from '../wasm/jdme-webhook.js';
import { fromCore } from '../core/errors.js';
import { need, parse, readStdin, UsageError } from './io.js';
import type { Command, Flag } from './io.js';

// The scheme names come from the Rust table (main.ts initialises the wasm before importing this).
const SCHEME_HELP = `token scheme: ${jdmeTokenSchemes().map((s) => s.id).join(', ')} (default sha256)`;
const VT_FLAG: Flag = { type: 'string', value: 'T', required: true, help: "the robot's Verification Token" };
const KEY_FLAG: Flag = { type: 'string', value: 'K', required: true, help: "the robot's Encrypt Key" };
const OPTIONAL_KEY_FLAG: Flag = { type: 'string', value: 'K', help: "the robot's Encrypt Key, when the body is encrypted" };

export const sign: Command = {
  name: 'jdme sign',
  summary: 'print the token the platform puts in an event (or a card callback, over its datetime)',
  flags: {
    'verification-token': VT_FLAG,
    timestamp: { type: 'string', value: 'MS', required: true, help: "the event's timeStamp (a card callback's datetime), decimal milliseconds" },
    'token-scheme': { type: 'string', value: 'S', help: SCHEME_HELP },
  },
  examples: ['robotwire jdme sign --verification-token fake-vt --timestamp 1700000000000'],
  async run(argv) {
    const { values } = parse(sign, argv);
    const ts = need(values.timestamp, 'timestamp');
    if (!/^\d+$/.test(ts)) throw new UsageError('--timestamp must be the millisecond timeStamp (decimal digits)');
    const scheme = (values['token-scheme'] as JdmeTokenSchemeName | undefined) ?? 'sha256';
    process.stdout.write(signJdmeToken(need(values['verification-token'], 'verification-token'), ts, scheme) + '\n');
  },
};

export const encrypt: Command = {
  name: 'jdme encrypt',
  summary: 'encrypt an event (JSON on stdin) into the `encrypt` value the platform posts',
  args: '< event.json',
  flags: { 'encrypt-key': KEY_FLAG },
  examples: [`echo '{"eventType":"chat_message"}' | robotwire jdme encrypt --encrypt-key fake-key`],
  async run(argv) {
    const { values } = parse(encrypt, argv);
    const key = need(values['encrypt-key'], 'encrypt-key');
    const input = (await readStdin()).toString('utf8');
    process.stdout.write(encryptJdmeEvent(key, input) + '\n');
  },
};

export const decrypt: Command = {
  name: 'jdme decrypt',
  summary: 'decrypt an `encrypt` value or a {"encrypt": …} body (stdin) into the event JSON',
  args: '< body.json',
  flags: { 'encrypt-key': KEY_FLAG },
  examples: ['robotwire jdme decrypt --encrypt-key fake-key < body.json'],
  run: (argv) => runDecrypt(argv),
};

/** Accepts a raw Base64 value or a `{"encrypt": …}` body. */
async function runDecrypt(argv: string[]): Promise<void> {
  const { values } = parse(decrypt, argv);
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

export const verify: Command = {
  name: 'jdme verify',
  summary: 'verify a body exactly as posted (decrypt, token, optional window) and print the event JSON',
  args: '< body.json',
  flags: {
    'verification-token': VT_FLAG,
    'encrypt-key': OPTIONAL_KEY_FLAG,
    'tolerance-seconds': { type: 'string', value: 'N', help: 'replay window on timeStamp; off by default (captured bodies are old)' },
    'token-scheme': { type: 'string', value: 'S', help: `${SCHEME_HELP}; either (sha256 or plain); or a comma list` },
  },
  examples: ['robotwire jdme verify --verification-token fake-vt --encrypt-key fake-key --token-scheme either < body.json'],
  run: (argv) => runVerify(argv),
};

/** Reads a body exactly as posted, decrypts, checks token (and window if asked), prints the event JSON as verified. */
async function runVerify(argv: string[]): Promise<void> {
  const { values } = parse(verify, argv);
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
    const v = newVerifier(vt, (values['encrypt-key'] as string | undefined) ?? null, tolMs, -1, body.byteLength + 1, scheme, scheme);
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
export const tokenProbe: Command = {
  name: 'jdme token-probe',
  summary: 'name the token scheme that reproduces the token of a captured body (the first step of a real integration)',
  args: '< captured-body.json',
  flags: {
    'verification-token': VT_FLAG,
    'encrypt-key': OPTIONAL_KEY_FLAG,
    json: { type: 'boolean', help: 'print the probe as JSON' },
  },
  notes: ['Exit 0 when a scheme matches (the option to paste is printed), 1 when none does. Never prints the token or a secret.'],
  examples: ['robotwire jdme token-probe --verification-token fake-vt --encrypt-key fake-key < body.json'],
  run: (argv) => runTokenProbe(argv),
};

async function runTokenProbe(argv: string[]): Promise<void> {
  const { values } = parse(tokenProbe, argv);
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
