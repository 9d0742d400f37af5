// socket.io-parser 4.2.4's own test suite (vendored in tests/upstream/socket.io-parser with its
// licence) against robotwire's raw-text parser (issue 10). node:test provides the mocha-style
// describe/it the upstream files expect.
//
// Every case of parser.js, buffer.js and arraybuffer.js at 4.2.4 runs; the error messages are
// upstream's ("invalid payload", "unknown packet type 9", "Unknown type: 999", "Illegal
// attachments"). The one re-expression: event arguments are delivered as RawJson, and the
// stand-in (tests/upstream/socket.io-parser/index.js) converts them back for upstream's value
// comparisons. blob.js is browser-only upstream too.
import { describe, it } from 'node:test';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
globalThis.describe = describe;
globalThis.it = it;
require('../upstream/socket.io-parser/test/parser.js');
require('../upstream/socket.io-parser/test/buffer.js');
require('../upstream/socket.io-parser/test/arraybuffer.js');
