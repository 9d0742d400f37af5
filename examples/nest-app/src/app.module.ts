import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { RobotwireModule } from 'robotwire/nest';
import type { RobotwireModuleOptions } from 'robotwire/nest';
import { APP_CONFIG, ConfigModule } from './config.js';
import type { AppConfig } from './config.js';
import { BotService } from './bot.service.js';
import { JdmeErrorFilter } from './jdme-error.filter.js';
import { MessageController } from './message.controller.js';
import { MessageService } from './message.service.js';

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        RobotwireModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig): RobotwireModuleOptions => ({
            client: { ...c.jdme },
            webhook: { ...c.webhook },
          }),
          // POST /jdme/events: the robot's 事件订阅 URL.
          webhookPath: 'jdme/events',
        }),
      ],
      controllers: [MessageController],
      providers: [MessageService, BotService, { provide: APP_FILTER, useClass: JdmeErrorFilter }],
    };
  }
}
