// node examples/nest-app/build.mjs && ME_APP_KEY=… node examples/nest-app/dist/main.mjs
import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { NestFactory } from '@nestjs/core';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { AppModule } from './app.module.js';
import { configFromEnv } from './config.js';
import type { AppConfig } from './config.js';

export { configFromEnv };
export type { AppConfig };

export async function bootstrap(
  config: AppConfig,
  options: { port?: number; host?: string; logger?: LoggerService | false } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(config), {
    // The webhook verifies the exact bytes the platform posted: keep them in req.rawBody.
    rawBody: true,
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  });
  await app.listen(options.port ?? 3000, options.host ?? '127.0.0.1');
  return app;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const app = await bootstrap(configFromEnv(), { port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' });
  app.enableShutdownHooks();
  console.log(`listening on ${await app.getUrl()}; webhook at ${await app.getUrl()}/jdme/events`);
}
