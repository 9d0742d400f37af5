// `robotwire/nest`: RobotwireModule for NestJS (Node). Runtime values come from `robotwire`
// itself (the build keeps it external), so `JdmeClient` here is the class users import.
export { RobotwireModule, createClientFromOptions, createWebhookFromOptions } from './module.js';
export { JDME_CLIENT, JDME_WEBHOOK, ROBOTWIRE_OPTIONS } from './tokens.js';
export { nestLogger } from './logger.js';
export type { RobotwireModuleOptions, RobotwireModuleStaticOptions, RobotwireModuleAsyncOptions, RobotwireOptionsFactory } from './options.js';
