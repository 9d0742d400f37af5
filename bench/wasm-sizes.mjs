// Sizes of what robotwire ships, per product: each wasm module raw and gzipped (level 9), and
// what an edge deploy uploads for each API (its workerd build re-bundled by esbuild the way
// wrangler does, without minifying, plus the .wasm modules it imports). Prints the Markdown
// table README.md shows between `<!-- sizes:begin -->` and `<!-- sizes:end -->`;
// `--json` prints the numbers (tests/node/sizes.test.mjs checks the README against them) and
// `--write` puts the table into README.md (both the Chinese and the English section).
//
//   node bench/wasm-sizes.mjs [--json | --write]       (after `npm run build`)
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

export const MODULES = [
  ['jdme_webhook', 'JD ME webhook: token schemes, AES-CBC decrypt, verifier, card answers'],
  ['jdme_outbound', 'JD ME outbound: endpoints, builders, rules, rate engine, error catalogue, event encryption'],
  ['yjiyun', '有机云: REST and socket frames, parsers, rules, ids'],
];

export const UPLOADS = [
  ['robotwire/webhook', 'webhook-workerd.mjs'],
  ['robotwire', 'workerd.mjs'],
  ['robotwire/yjiyun', 'yjiyun-workerd.mjs'],
];

/** `{ modules: [{ name, raw, gzip }], uploads: [{ entry, js, wasm: [names], gzip, raw }] }` */
export async function measure() {
  const modules = MODULES.map(([name]) => {
    const bytes = readFileSync(`${root}/pkg/${name}_bg.wasm`);
    return { name, raw: bytes.length, gzip: gz(bytes) };
  });
  const uploads = [];
  for (const [entry, file] of UPLOADS) {
    const out = await build({
      entryPoints: [`${root}/dist/edge/${file}`],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      external: ['*.wasm'],
      metafile: true,
      logLevel: 'silent',
    });
    const js = out.outputFiles[0].contents;
    const wasm = Object.values(out.metafile.outputs)[0].imports.map((i) => i.path.match(/(\w+)_bg\.wasm$/)[1]);
    const mods = wasm.map((n) => modules.find((m) => m.name === n));
    uploads.push({
      entry,
      wasm,
      jsGzip: gz(js),
      raw: js.length + mods.reduce((a, m) => a + m.raw, 0),
      gzip: gz(js) + mods.reduce((a, m) => a + m.gzip, 0),
    });
  }
  return { modules, uploads };
}

const n = (v) => v.toLocaleString('en-US');

export function table({ modules, uploads }) {
  const lines = ['| wasm module | raw | gzip -9 | contents |', '|---|---:|---:|---|'];
  for (const m of modules) lines.push(`| \`pkg/${m.name}_bg.wasm\` | ${n(m.raw)} B | ${n(m.gzip)} B | ${MODULES.find(([k]) => k === m.name)[1]} |`);
  lines.push('', '| edge upload (workerd build + its wasm) | wasm modules | JS gzip | total raw | total gzip |', '|---|---|---:|---:|---:|');
  for (const u of uploads) lines.push(`| \`${u.entry}\` | ${u.wasm.join(', ')} | ${n(u.jsGzip)} B | ${n(u.raw)} B | ${n(u.gzip)} B |`);
  return lines.join('\n');
}

/** README.md with `text` between each pair of size markers. */
export function withTable(readme, text) {
  for (const tag of ['sizes', 'sizes-en']) {
    const re = new RegExp(`(<!-- ${tag}:begin -->\\n)[\\s\\S]*?(<!-- ${tag}:end -->)`);
    if (!re.test(readme)) throw new Error(`README.md has no <!-- ${tag}:begin/end --> markers`);
    readme = readme.replace(re, `$1${text}\n$2`);
  }
  return readme;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await measure();
  if (process.argv.includes('--write')) {
    const file = `${root}/README.md`;
    writeFileSync(file, withTable(readFileSync(file, 'utf8'), table(sizes)));
  }
  console.log(process.argv.includes('--json') ? JSON.stringify(sizes, null, 1) : table(sizes));
}
