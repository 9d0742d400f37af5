/**
 * NestJS integration (Node only): `RobotwireModule`, injection tokens, the webhook as a controller.
 *
 * @module robotwire/nest
 */
// `robotwire/nest` (Node only): RobotwireModule.forRoot / forRootAsync, the JDME_CLIENT and
// JDME_WEBHOOK tokens, and the webhook mounted as a controller. Needs @nestjs/common and
// @nestjs/core (optional peer dependencies); `robotwire` itself stays a separate module.
export * from '../nest/index.js';
