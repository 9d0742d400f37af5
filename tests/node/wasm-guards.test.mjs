// Every wrapper that hands a string to the wasm core refuses non-strings with a typed error
// (wasm-bindgen would read them as garbage and trap), and the instance keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signJdmeToken, probeJdmeToken, encryptJdmeEvent, decryptJdmeEvent, buildJdmeRequest, checkJdmeRequest, RobotwireError } from 'robotwire';
import { buildYjiyunRest, buildYjiyunFrame, parseYjiyunFrame, parseYjiyunResponse, checkYjiyun } from 'robotwire/yjiyun';

const garbage = [{}, 1, 1.5, null, [], true, Symbol.iterator === undefined ? 0 : 2n];
const calls = {
  signJdmeToken: (g) => signJdmeToken(g, 1),
  'signJdmeToken timeStamp': (g) => signJdmeToken('vt', typeof g === 'number' ? -1 : g),
  'signJdmeToken scheme': (g) => signJdmeToken('vt', 1, g),
  probeJdmeToken: (g) => probeJdmeToken(g, { verificationToken: 'vt' }),
  'probeJdmeToken verificationToken': (g) => probeJdmeToken('{}', { verificationToken: g }),
  'probeJdmeToken encryptKey': (g) => probeJdmeToken('{}', { verificationToken: 'vt', encryptKey: g }),
  encryptJdmeEvent: (g) => encryptJdmeEvent(g, 'x'),
  decryptJdmeEvent: (g) => decryptJdmeEvent(g, 'x'),
  'decryptJdmeEvent value': (g) => decryptJdmeEvent('k', g),
  buildJdmeRequest: (g) => buildJdmeRequest(g, {}, { appId: 'a' }),
  checkJdmeRequest: (g) => checkJdmeRequest(g, {}),
  buildYjiyunRest: (g) => buildYjiyunRest(g, {}),
  buildYjiyunFrame: (g) => buildYjiyunFrame(g, {}),
  parseYjiyunFrame: (g) => parseYjiyunFrame(g, '{}'),
  'parseYjiyunFrame json': (g) => parseYjiyunFrame('message', g),
  parseYjiyunResponse: (g) => parseYjiyunResponse(g, '{}'),
  checkYjiyun: (g) => checkYjiyun(g, '{}'),
};

test('non-string arguments are refused before they reach wasm', () => {
  for (const [name, call] of Object.entries(calls)) {
    for (const g of garbage) {
      assert.throws(() => call(g), (e) => e instanceof RobotwireError && e.code !== 'internal', `${name}(${typeof g})`);
    }
  }
  // Same instance, still correct afterwards.
  assert.equal(signJdmeToken('fake-vt', 1621930353703).length, 44);
  assert.equal(decryptJdmeEvent('fake-key', encryptJdmeEvent('fake-key', '{"a":1}')), '{"a":1}');
});
