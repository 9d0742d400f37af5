// Where the three wasm modules (one per product, built from the same crate: see
// scripts/build-wasm.sh) are handed over and instantiated. Entry points *provide* a module (or
// a loader for it); the product's boundary file (./jdme-webhook.ts, ./jdme-outbound.ts,
// ./yjiyun.ts) instantiates it on first use, so a Node process that only verifies webhooks
// never compiles the outbound or 有机云 core, and an edge bundle carries only what it imports.
import { RobotwireError } from '../core/errors.js';

/** The wasm modules robotwire ships: `robotwire/wasm/<product>` in package.json. */
export type WasmProduct = 'jdme-webhook' | 'jdme-outbound' | 'yjiyun';

/** What `initWasm` accepts: a compiled module (from any realm) or the raw `.wasm` bytes. */
export type WasmInput = WebAssembly.Module | BufferSource;

type Source = WasmInput | (() => WasmInput);

interface Glue {
  initSync(options: { module: WebAssembly.Module }): unknown;
}

// An export each module has and the others lack: how `initWasm(module)` tells them apart.
const MARKERS: Record<WasmProduct, string> = {
  'jdme-webhook': 'jdmeverifier_new',
  'jdme-outbound': 'jdmeBuild',
  yjiyun: 'yjiyunBuildRest',
};

const FILES: Record<WasmProduct, string> = {
  'jdme-webhook': 'jdme_webhook_bg.wasm',
  'jdme-outbound': 'jdme_outbound_bg.wasm',
  yjiyun: 'yjiyun_bg.wasm',
};

// Shared by every boundary file in this bundle. Entry points write, slots read.
const sources = new Map<WasmProduct, Source>();
const instantiated = new Set<WasmProduct>();

/** A compiled module from this realm or another one (checked by its internal tag, not instanceof). */
function isModule(m: unknown): m is WebAssembly.Module {
  return m instanceof WebAssembly.Module || Object.prototype.toString.call(m) === '[object WebAssembly.Module]';
}

function compile(input: WasmInput): WebAssembly.Module {
  if (!isModule(input)) return new WebAssembly.Module(input);
  if (!(input instanceof WebAssembly.Module)) {
    // Next.js and Vercel Edge compile `.wasm?module` imports outside the sandbox's realm. Such
    // a module instantiates fine, but the glue tests `instanceof` and would try to recompile it
    // (refused where wasm code generation is disallowed). Re-tag it for this realm; the
    // module's internal slots, which instantiation actually uses, are untouched.
    Object.setPrototypeOf(input, WebAssembly.Module.prototype);
  }
  return input;
}

function productOf(module: WebAssembly.Module): WasmProduct {
  const names = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  for (const [product, marker] of Object.entries(MARKERS) as [WasmProduct, string][]) {
    if (names.has(marker)) return product;
  }
  throw new RobotwireError(
    'invalid_argument',
    `initWasm: not a robotwire wasm module (expected one of ${Object.values(FILES).join(', ')} from this robotwire version)`,
  );
}

/**
 * Entry points: where `product`'s module comes from. A function is called on first use
 * (Node reads and compiles the file then). A later call for the same product is ignored once
 * it is instantiated.
 */
export function provideWasm(product: WasmProduct, source: Source): void {
  // Checked here, at import, not at first use: a bundler that hands over a file path or URL
  // (esbuild --loader:.wasm=file) fails the deploy's first request otherwise.
  if (typeof source !== 'function' && !isModule(source) && !ArrayBuffer.isView(source) && !((source as unknown) instanceof ArrayBuffer)) {
    throw new RobotwireError(
      'invalid_argument',
      `robotwire: the ${product} module (${FILES[product]}) arrived as ${source === null ? 'null' : typeof source}, not a WebAssembly.Module: ` +
        `the bundler must hand over .wasm imports as compiled modules (wrangler and Next.js do; esbuild: --loader:.wasm=copy with workerd)`,
    );
  }
  if (!instantiated.has(product)) sources.set(product, source);
}

/**
 * Hands robotwire its wasm modules yourself (the `robotwire/manual` entry, or a runtime with
 * its own way of obtaining them): each argument is a compiled `WebAssembly.Module` or the raw
 * bytes of `robotwire/wasm/jdme-webhook`, `robotwire/wasm/jdme-outbound` or
 * `robotwire/wasm/yjiyun`, recognised by its exports. Pass the ones your code uses; the others
 * are never needed. Idempotent.
 */
export function initWasm(...modules: WasmInput[]): void {
  if (modules.length === 0) throw new RobotwireError('invalid_argument', 'initWasm: pass at least one wasm module');
  for (const m of modules) {
    const module = compile(m);
    provideWasm(productOf(module), module);
  }
}

/**
 * True when `product`'s module (any robotwire module when omitted) has been *provided* in this
 * entry's bundle, by the entry point or `initWasm`; it is read, compiled (Node) and instantiated
 * on first use, so a missing file shows then, as `wasm_not_found`. With `robotwire/manual`,
 * ask per product: `if (!isWasmReady('jdme-webhook')) initWasm(bytes)`.
 */
export function isWasmReady(product?: WasmProduct): boolean {
  if (product === undefined) return sources.size > 0 || instantiated.size > 0;
  return sources.has(product) || instantiated.has(product);
}

/** One product's glue, instantiated on first `get()` from what the entry point provided. */
export class WasmSlot<G extends Glue> {
  readonly #product: WasmProduct;
  readonly #glue: G;
  #ready = false;
  #memory: WebAssembly.Memory | undefined;

  constructor(product: WasmProduct, glue: G) {
    this.#product = product;
    this.#glue = glue;
  }

  get(): G {
    if (this.#ready) return this.#glue;
    const source = sources.get(this.#product);
    if (source === undefined) {
      throw new RobotwireError(
        'wasm_not_loaded',
        `the ${this.#product} core (${FILES[this.#product]}) is not loaded: this entry point does not include it ` +
          `(robotwire/webhook has only jdme-webhook, robotwire/yjiyun only yjiyun), or, with robotwire/manual, ` +
          `initWasm() was not given robotwire/wasm/${this.#product}`,
      );
    }
    const exports = this.#glue.initSync({ module: compile(typeof source === 'function' ? source() : source) }) as { memory?: WebAssembly.Memory };
    this.#memory = exports.memory;
    this.#ready = true;
    instantiated.add(this.#product);
    sources.delete(this.#product);
    return this.#glue;
  }

  /** The module's memory (after `get()`): for answers the core leaves there. Read `.buffer` after each call, since growth replaces it. */
  memory(): WebAssembly.Memory {
    if (this.#memory === undefined) throw new RobotwireError('internal', `the ${this.#product} core has no exported memory`);
    return this.#memory;
  }
}
