// The shape `nest new` generates (classic CommonJS tsconfig, moduleResolution node), with
// robotwire's module mounting the webhook and a service that receives its events.
import { Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { JdmeClient, type JdmeWebhook, type RobotwireError } from 'robotwire';
import { JDME_WEBHOOK, RobotwireModule } from 'robotwire/nest';

@Injectable()
export class EventsService implements OnModuleInit {
  readonly seen: string[] = [];
  constructor(
    @Inject(JDME_WEBHOOK) private readonly hook: JdmeWebhook,
    private readonly client: JdmeClient,
  ) {}

  onModuleInit(): void {
    this.hook
      .on('chat_message', (ev, ctx) => {
        this.seen.push(`${ctx.eventId}:${ev.event.body.type}`);
      })
      .onError((err: RobotwireError, info) => console.log(`refused at ${info.stage}: ${err.code}`));
    if (!(this.client instanceof JdmeClient)) throw new Error('JdmeClient was not injected');
  }
}

@Module({
  imports: [
    RobotwireModule.forRoot({
      client: { appKey: 'fake-app-key', appSecret: 'fake-app-secret', openTeamId: 'fake-team', robotId: '00_fakerobot000001' },
      webhook: { verificationToken: process.env.JDME_VERIFICATION_TOKEN ?? '', encryptKey: process.env.JDME_ENCRYPT_KEY },
      webhookPath: 'jdme/events',
      logger: false,
    }),
  ],
  providers: [EventsService],
})
export class AppModule {}
