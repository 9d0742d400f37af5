// The CommonJS twin of every declaration file: dist/types/**/x.d.ts → x.d.cts, with relative
// specifiers `./y.js` → `./y.cjs`. The package is "type": "module", so TypeScript reads .d.ts
// as ESM; `require` consumers (node16/nodenext from CJS) need .d.cts that describe the .cjs
// builds, or they get TS1479 although a require build exists.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../dist/types');
const relative = /((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+)\.js(['"])/g;

let n = 0;
for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
  const file = path.join(entry.parentPath ?? entry.path, entry.name);
  const text = readFileSync(file, 'utf8').replace(relative, '$1$2.cjs$3');
  writeFileSync(file.replace(/\.d\.ts$/, '.d.cts'), text);
  n++;
}
if (n === 0) throw new Error(`no .d.ts under ${root}: run tsc first`);
