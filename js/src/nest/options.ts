import type { ModuleMetadata, Type, InjectionToken, OptionalFactoryDependency } from '@nestjs/common';
import type { JdmeClientOptions, JdmeWebhookOptions, Logger, RobotwireStore } from '../entries/node.js';

/** What `forRoot` takes, and what the `forRootAsync` factory returns. */
export interface RobotwireModuleOptions {
  /** appKey, appSecret, openTeamId, robotId, baseUrl, profile, … (see `JdmeClientOptions`). */
  client: JdmeClientOptions;
  /**
   * The robot's event subscription: verificationToken (required) and encryptKey, ack mode, … .
   * Without it `JDME_WEBHOOK` is `null` and `webhookPath` must not be set.
   */
  webhook?: JdmeWebhookOptions;
  /**
   * One store for the client (tokens, rate state) and the webhook (eventId dedupe), e.g. a
   * `RedisStore` shared by every instance. `client.store` / `webhook.store` override it.
   */
  store?: RobotwireStore;
  /**
   * Default: Nest's `Logger` (context `Robotwire`). `false`: silent. `client.logger` /
   * `webhook.logger` override it.
   */
  logger?: Logger | false;
}

/** Settings fixed when the module is declared (they shape its providers and routes). */
export interface RobotwireModuleStaticOptions {
  /** Register the providers globally (inject anywhere without importing). Default `true`. */
  global?: boolean;
  /**
   * Mount the webhook as a POST route at this path (e.g. `'jdme/events'`; the app's global
   * prefix applies, URI versioning does not). Unset: not mounted (use `JDME_WEBHOOK` yourself).
   */
  webhookPath?: string;
  /**
   * Extra class decorators for the generated webhook controller, e.g. your `@Public()` so a
   * global auth guard lets the platform's pushes through, or `@SkipThrottle()`.
   */
  webhookDecorators?: ClassDecorator[];
  /** How long app shutdown waits for webhook listeners still running. Default 10 000 ms. */
  drainTimeoutMs?: number;
}

/** A provider that supplies the module options, for `forRootAsync({ useClass })` or `{ useExisting }`. */
export interface RobotwireOptionsFactory {
  /** Returns the options (`client`, `webhook`, `store`, `logger`), possibly after async work. */
  createRobotwireOptions(): RobotwireModuleOptions | Promise<RobotwireModuleOptions>;
}

export interface RobotwireModuleAsyncOptions extends RobotwireModuleStaticOptions, Pick<ModuleMetadata, 'imports'> {
  /** Providers passed to `useFactory`, in order. */
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  /** Returns the options; receives the `inject` providers as arguments and may be async. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory?: (...args: any[]) => RobotwireModuleOptions | Promise<RobotwireModuleOptions>;
  /** A class implementing `createRobotwireOptions()`, instantiated by this module. */
  useClass?: Type<RobotwireOptionsFactory>;
  /** An existing provider (from `imports`) implementing `createRobotwireOptions()`. */
  useExisting?: Type<RobotwireOptionsFactory>;
}
