// The webhook as a Nest route. The controller class is generated per module declaration (its
// path is decorator metadata), with the decorators applied as plain calls: no compiler
// decorator support or emitted metadata is needed, and dependencies are named with @Inject.
//
// Body: NestFactory.create(…, { rawBody: true }) keeps the exact bytes in `req.rawBody`
// (Express and Fastify). Without it, a JSON body parsed by the framework is re-serialised,
// which verifies the same (the signature covers verificationToken + timeStamp, and an
// encrypted body is one string); with the body parser off, the stream is read (capped).
// The answer goes out through the HTTP adapter with @Res(), so global interceptors that wrap
// responses cannot alter the `{"code":0,"msg":"success"}` the platform expects.
import { Controller, Inject, Post, Req, Res, VERSION_NEUTRAL } from '@nestjs/common';
import type { BeforeApplicationShutdown, Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { JdmeWebhook, NodeLikeRequest } from '../entries/node.js';
import { readNodeBody } from '../core/body.js';
import { JDME_WEBHOOK, ROBOTWIRE_OPTIONS } from './tokens.js';
import type { RobotwireModuleOptions } from './options.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Express's request is a Node stream; Fastify's wraps one in `.raw`. */
function nodeLike(req: Record<string | symbol, unknown>): NodeLikeRequest {
  if (typeof req[Symbol.asyncIterator] === 'function') return req as unknown as NodeLikeRequest;
  const raw = req.raw as AsyncIterable<unknown> | undefined;
  return {
    method: req.method as string | undefined,
    headers: (req.headers ?? {}) as NodeLikeRequest['headers'],
    rawBody: req.rawBody,
    body: req.body,
    [Symbol.asyncIterator]: () => (raw ?? (async function* () {})())[Symbol.asyncIterator](),
  };
}

export interface WebhookControllerOptions {
  path: string;
  decorators?: ClassDecorator[];
  drainTimeoutMs?: number;
}

/** A controller class answering POST `path` with the module's `JDME_WEBHOOK`. */
export function createJdmeWebhookController(options: WebhookControllerOptions): Type<unknown> {
  const drainMs = options.drainTimeoutMs ?? 10_000;

  class JdmeWebhookController implements BeforeApplicationShutdown {
    readonly #pending = new Set<Promise<void>>();
    readonly #maxBody: number;

    constructor(
      private readonly webhook: JdmeWebhook | null,
      private readonly adapterHost: HttpAdapterHost,
      options: RobotwireModuleOptions,
    ) {
      if (!webhook) throw new Error('RobotwireModule: webhookPath is set but no webhook options were given (verificationToken, encryptKey)');
      // The webhook's own cap (it refuses larger bodies with 413 too).
      this.#maxBody = webhook.maxBodyBytes;
    }

    async handle(req: Record<string | symbol, unknown>, res: unknown): Promise<void> {
      const adapter = this.adapterHost.httpAdapter;
      const bytes = await readNodeBody(nodeLike(req), this.#maxBody);
      const out =
        bytes === null
          ? { status: 413, body: JSON.stringify({ code: 'body_too_large', msg: `body exceeds ${this.#maxBody} bytes` }), done: Promise.resolve() }
          : await this.webhook!.handleBody(bytes);
      adapter.setHeader(res, 'content-type', JSON_TYPE);
      adapter.reply(res, out.body, out.status);
      // Listeners run after the answer (ack 'immediate'); remembered so shutdown can wait.
      const p: Promise<void> = out.done.then(
        () => undefined,
        () => undefined,
      );
      this.#pending.add(p);
      void p.then(() => this.#pending.delete(p));
    }

    /** `app.close()` / shutdown hooks: let running listeners (and their replies) finish. */
    async beforeApplicationShutdown(): Promise<void> {
      if (this.#pending.size === 0) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.allSettled([...this.#pending]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, drainMs);
          timer.unref?.();
        }),
      ]);
      clearTimeout(timer);
    }
  }

  Inject(JDME_WEBHOOK)(JdmeWebhookController, undefined as unknown as string, 0);
  Inject(HttpAdapterHost)(JdmeWebhookController, undefined as unknown as string, 1);
  Inject(ROBOTWIRE_OPTIONS)(JdmeWebhookController, undefined as unknown as string, 2);
  const proto = JdmeWebhookController.prototype;
  const handle = Object.getOwnPropertyDescriptor(proto, 'handle')!;
  Req()(proto, 'handle', 0);
  Res()(proto, 'handle', 1);
  Post()(proto, 'handle', handle);
  Controller({ path: options.path, version: VERSION_NEUTRAL })(JdmeWebhookController);
  for (const d of options.decorators ?? []) d(JdmeWebhookController);
  return JdmeWebhookController;
}
