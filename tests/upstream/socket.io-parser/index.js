// Stand-in for `require("socket.io-parser")` in the vendored upstream tests (see README.md).
// The built CommonJS entry of robotwire/yjiyun (this folder is its own package scope).
const { yjiyunSocketParser: p } = require('../../../dist/node/yjiyun.cjs');

const unraw = (packet) =>
  Array.isArray(packet.data) ? { ...packet, data: packet.data.map((x) => (x instanceof p.RawJson ? x.value : x)) } : packet;

class Decoder extends p.Decoder {
  on(event, fn) {
    return super.on(event, (packet) => fn(unraw(packet)));
  }
}

module.exports = { ...p, Decoder };
