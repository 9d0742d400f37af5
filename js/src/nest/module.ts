// RobotwireModule: JdmeClient and the JD ME webhook as Nest providers.
//
//   RobotwireModule.forRoot({ client: { appKey, appSecret, openTeamId, robotId }, webhook: { verificationToken, encryptKey }, webhookPath: 'jdme/events' })
//   RobotwireModule.forRootAsync({ imports: [ConfigModule], inject: [ConfigService], useFactory: (c) => ({ … }), webhookPath: 'jdme/events' })
//
// Inject with @Inject(JdmeClient) / @Inject(JDME_CLIENT) and @Inject(JDME_WEBHOOK). The module
// class has no decorators: everything is in the DynamicModule it returns.
import type { DynamicModule, Provider } from '@nestjs/common';
import { JdmeClient, JdmeWebhook, createJdmeWebhook } from '../entries/node.js';
import type { JdmeClientOptions, JdmeWebhookOptions, Logger } from '../entries/node.js';
import { nestLogger } from './logger.js';
import type { RobotwireModuleAsyncOptions, RobotwireModuleOptions, RobotwireModuleStaticOptions, RobotwireOptionsFactory } from './options.js';
import { JDME_CLIENT, JDME_WEBHOOK, ROBOTWIRE_OPTIONS } from './tokens.js';
import { createJdmeWebhookController } from './webhook-controller.js';

function sharedLogger(options: RobotwireModuleOptions): Logger | undefined {
  if (options.logger === false) return undefined;
  return options.logger ?? nestLogger('Robotwire');
}

function check(options: RobotwireModuleOptions): RobotwireModuleOptions {
  if (options === null || typeof options !== 'object' || options.client === null || typeof options.client !== 'object') {
    throw new TypeError('RobotwireModule: options.client (appKey, appSecret, openTeamId, …) is required');
  }
  return options;
}

/** The client from the module options: shared store and logger unless the client names its own. */
export function createClientFromOptions(options: RobotwireModuleOptions): JdmeClient {
  const logger = sharedLogger(options);
  const o: JdmeClientOptions = {
    ...(options.store ? { store: options.store } : {}),
    ...(logger ? { logger } : {}),
    ...options.client,
  };
  return new JdmeClient(o);
}

/** The webhook from the module options, or null without `webhook`. */
export function createWebhookFromOptions(options: RobotwireModuleOptions): JdmeWebhook | null {
  if (!options.webhook) return null;
  const logger = sharedLogger(options);
  const o: JdmeWebhookOptions = {
    ...(options.store ? { store: options.store } : {}),
    ...(logger ? { logger } : {}),
    ...options.webhook,
  };
  return createJdmeWebhook(o);
}

function assemble(optionsProviders: Provider[], imports: DynamicModule['imports'], s: RobotwireModuleStaticOptions): DynamicModule {
  if (s.webhookPath !== undefined && (typeof s.webhookPath !== 'string' || s.webhookPath.length === 0)) {
    throw new TypeError('RobotwireModule: webhookPath must be a non-empty string');
  }
  const providers: Provider[] = [
    ...optionsProviders,
    { provide: JDME_CLIENT, useFactory: createClientFromOptions, inject: [ROBOTWIRE_OPTIONS] },
    { provide: JdmeClient, useExisting: JDME_CLIENT },
    { provide: JDME_WEBHOOK, useFactory: createWebhookFromOptions, inject: [ROBOTWIRE_OPTIONS] },
    { provide: JdmeWebhook, useExisting: JDME_WEBHOOK },
  ];
  return {
    module: RobotwireModule,
    global: s.global ?? true,
    imports: imports ?? [],
    providers,
    controllers:
      s.webhookPath !== undefined
        ? [
            createJdmeWebhookController({
              path: s.webhookPath,
              ...(s.webhookDecorators ? { decorators: s.webhookDecorators } : {}),
              ...(s.drainTimeoutMs !== undefined ? { drainTimeoutMs: s.drainTimeoutMs } : {}),
            }),
          ]
        : [],
    exports: [JDME_CLIENT, JdmeClient, JDME_WEBHOOK, JdmeWebhook, ROBOTWIRE_OPTIONS],
  };
}

/**
 * NestJS module providing `JdmeClient` (also as `JDME_CLIENT`) and the JD ME webhook
 * (`JDME_WEBHOOK`, `null` without `webhook` options), optionally mounted as a POST route at
 * `webhookPath`. Declare it with `forRoot` or `forRootAsync`; both throw a `TypeError` for
 * malformed options (a `forRootAsync` factory's result is checked when it resolves).
 */
export class RobotwireModule {
  /** Static options: `{ client, webhook?, store?, logger?, global?, webhookPath?, webhookDecorators? }`. */
  static forRoot(options: RobotwireModuleOptions & RobotwireModuleStaticOptions): DynamicModule {
    const { global, webhookPath, webhookDecorators, drainTimeoutMs, ...rest } = options ?? ({} as never);
    check(rest);
    return assemble([{ provide: ROBOTWIRE_OPTIONS, useValue: rest }], [], { global, webhookPath, webhookDecorators, drainTimeoutMs });
  }

  /**
   * Options from other providers (configuration, secrets managers): `useFactory` + `inject`,
   * `useClass` or `useExisting`. `global`, `webhookPath` and `webhookDecorators` stay static.
   */
  static forRootAsync(options: RobotwireModuleAsyncOptions): DynamicModule {
    const ways = [options?.useFactory, options?.useClass, options?.useExisting].filter(Boolean).length;
    if (ways !== 1) throw new TypeError('RobotwireModule.forRootAsync: give exactly one of useFactory, useClass, useExisting');
    const providers: Provider[] = [];
    if (options.useFactory) {
      const factory = options.useFactory;
      providers.push({ provide: ROBOTWIRE_OPTIONS, useFactory: async (...args: unknown[]) => check(await factory(...args)), inject: options.inject ?? [] });
    } else {
      const cls = (options.useClass ?? options.useExisting)!;
      if (options.useClass) providers.push({ provide: cls, useClass: cls });
      providers.push({ provide: ROBOTWIRE_OPTIONS, useFactory: async (f: RobotwireOptionsFactory) => check(await f.createRobotwireOptions()), inject: [cls] });
    }
    const { global, webhookPath, webhookDecorators, drainTimeoutMs } = options;
    return assemble(providers, options.imports, { global, webhookPath, webhookDecorators, drainTimeoutMs });
  }
}
