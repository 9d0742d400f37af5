// `robotwire jdme sign|encrypt|decrypt|verify`: the webhook crypto from a terminal.
import { signJdmeToken, encryptJdmeEvent, decryptJdmeEvent } from '../jdme/crypto.js';
import { core } from '../core/wasm.js';
import { fromCore } from '../core/errors.js';
import { flags, need, readStdin, UsageError } from './io.js';

export async function sign(argv: string[]): Promise<void> {
  const { values } = flags(argv, { 'verification-token': { type: 'string' }, timestamp: { type: 'string' } });
  const ts = need(values.timestamp, 'timestamp');
  if (!/^\d+$/.test(ts)) throw new UsageError('--timestamp must be the millisecond timeStamp (decimal digits)');
  process.stdout.write(signJdmeToken(need(values['verification-token'], 'verification-token'), ts) + '\n');
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
  });
  const vt = need(values['verification-token'], 'verification-token');
  const tolRaw = values['tolerance-seconds'] as string | undefined;
  let tolMs = -1; // no window unless asked: captured bodies are usually old
  if (tolRaw !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(tolRaw)) throw new UsageError('--tolerance-seconds must be a non-negative number');
    tolMs = Math.round(Number(tolRaw) * 1000);
  }
  const body = await readStdin();
  let out: { kind: string; json: string };
  try {
    const v = new core.JdmeVerifier(vt, (values['encrypt-key'] as string | undefined) ?? null, tolMs, -1, body.byteLength + 1);
    out = v.verify(body, Date.now());
    v.free();
  } catch (e) {
    throw fromCore(e);
  }
  // Verbatim: re-serialising through JSON.parse would round integers above 2^53 (msgId, …).
  process.stdout.write(out.json + '\n');
}
