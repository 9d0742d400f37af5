// The robot's side of the conversation: chat_message arrives on the webhook RobotwireModule
// mounted (verified, decrypted, deduplicated), and the answer goes out through the client.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { JdmeClient, JdmeWebhook } from 'robotwire';
import type { ChatMessageEvent, JdmeApp, JdmeEventEnvelope } from 'robotwire';
import { JDME_WEBHOOK } from 'robotwire/nest';

@Injectable()
export class BotService implements OnModuleInit {
  private readonly logger = new Logger(BotService.name);

  constructor(
    @Inject(JDME_WEBHOOK) private readonly webhook: JdmeWebhook,
    @Inject(JdmeClient) private readonly client: JdmeClient,
  ) {}

  onModuleInit(): void {
    this.webhook.on('chat_message', (ev) => this.reply(ev));
    this.webhook.onError((error, info) => {
      // info has the stage and event type/id only; the error says why (never a secret).
      this.logger.warn(`webhook ${info.stage} error${info.eventType ? ` on ${info.eventType}` : ''}: ${(error as Error)?.message ?? error}`);
    });
  }

  private async reply(ev: JdmeEventEnvelope<'chat_message', ChatMessageEvent>): Promise<void> {
    const { sender, body, groupId } = ev.event;
    // In groups the message starts with "@robot-nickname ".
    const said = String(body.content ?? '').replace(/^@\S+\s*/, '').trim();
    this.logger.log(`chat_message ${ev.eventId} from ${sender.pin}${groupId ? ` in group ${groupId}` : ''}`);
    const answer = `收到：${said}`;
    if (groupId) {
      await this.client.sendText({ groupId }, answer, { mentions: [{ app: sender.app as JdmeApp, pin: sender.pin, nickname: sender.nickname ?? sender.pin }] });
    } else {
      await this.client.sendText({ erp: sender.pin }, answer);
    }
  }
}
