// Stand-in for socket.io-parser 3 in its vendored tests (see ../socket.io-parser/README.md):
// robotwire's yjiyunSocketParserV2, its Decoder handing listeners the parsed value of each
// RawJson event argument so the upstream value comparisons apply.
// The built CommonJS entry of robotwire/yjiyun (this folder is its own package scope).
const { yjiyunSocketParserV2: p, RawJson } = require('../../../dist/node/yjiyun.cjs');

const unraw = (packet) =>
  Array.isArray(packet.data) ? { ...packet, data: packet.data.map((x) => (x instanceof RawJson ? x.value : x)) } : packet;

class Decoder extends p.Decoder {
  on(event, fn) {
    return super.on(event, (packet) => fn(unraw(packet)));
  }
}

module.exports = { ...p, Decoder };
