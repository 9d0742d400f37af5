// The node:http carrier over TLS (有机云's production host is https). A throwaway self-signed
// certificate for 127.0.0.1, made by Python `cryptography` (not by the code under test):
// untrusted, the connection is refused before any byte of the request left, so the request is
// `unreachable` (resent as is); trusted through NODE_EXTRA_CA_CERTS, both carriers get the answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { JdmeClient, JdmeError } from 'robotwire';

const GEN = `
import datetime, ipaddress, sys
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
key = ec.generate_private_key(ec.SECP256R1())
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "robotwire-test-loopback")])
now = datetime.datetime.now(datetime.timezone.utc)
cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
  .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
  .not_valid_after(now + datetime.timedelta(days=1))
  .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
  .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
  .sign(key, hashes.SHA256()))
out = sys.argv[1]
open(out + "/key.pem", "wb").write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
open(out + "/cert.pem", "wb").write(cert.public_bytes(serialization.Encoding.PEM))
`;

let dir;
let server;
let base;
let sends = 0;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-tls-'));
  execFileSync('python3', ['-c', GEN, dir]);
  server = https.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) }, (req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url.endsWith('_access_token')) return res.end('{"code":0,"msg":"ok","data":{"appAccessToken":"fake-a","teamAccessToken":"fake-t","expireIn":7200}}');
      sends += 1;
      res.end('{"code":0,"msg":"ok","data":{"packetId":"tls"}}');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `https://127.0.0.1:${server.address().port}`;
});
after(async () => {
  server.closeAllConnections?.();
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

for (const carrier of ['node:http', 'fetch']) test(`${carrier}: an untrusted certificate means the request never left: unreachable, resent as is, never delivered`, async () => {
  const via = carrier === 'fetch' ? { fetch: globalThis.fetch } : {};
  const c = new JdmeClient({ appKey: 'fake-app', appSecret: 'fake-secret', openTeamId: 'fake-team', robotId: '00_fakerobot', baseUrl: base, tenantId: 'CN.JD.GROUP', retries: 1, backoff: { baseMs: 1, maxMs: 2 }, ...via });
  const e = await c.sendText({ erp: 'fake.user' }, 'hi').catch((x) => x);
  assert.ok(e instanceof JdmeError, String(e));
  assert.equal(e.transport, 'unreachable');
  assert.equal(e.outcomeUnknown, false);
  assert.match(e.message, /SELF_SIGNED|self-signed|certificate/i);
  assert.equal(sends, 0);
});


test('a trusted certificate (NODE_EXTRA_CA_CERTS): both carriers send over TLS', () => {
  const script = `
    const { JdmeClient } = await import('robotwire');
    const out = [];
    for (const via of [{}, { fetch: globalThis.fetch }]) {
      const c = new JdmeClient({ appKey: 'fake-app', appSecret: 'fake-secret', openTeamId: 'fake-team', robotId: '00_fakerobot', baseUrl: ${JSON.stringify(base)}, tenantId: 'CN.JD.GROUP', ...via });
      out.push((await c.sendText({ erp: 'fake.user' }, 'hi ' + out.length)).packetId);
    }
    console.log(JSON.stringify(out));
  `;
  return new Promise((resolve, reject) => {
    // Async child: the server answering it lives in this process.
    import('node:child_process').then(({ execFile }) => {
      const child = execFile(process.execPath, ['--input-type=module', '-'], { cwd: new URL('.', import.meta.url), env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(dir, 'cert.pem') }, timeout: 30_000 }, (err, stdout, stderr) => {
        if (err) return reject(new Error(`${err.message}\n${stderr}`));
        try {
          assert.deepEqual(JSON.parse(stdout.trim().split('\n').pop()), ['tls', 'tls']);
          assert.equal(sends, 2, 'two sends, no earlier ones');
          resolve();
        } catch (e) {
          reject(e);
        }
      });
      child.stdin.end(script);
    }, reject);
  });
});
