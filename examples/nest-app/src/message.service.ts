// The samples' sendMessage / sendMessages / sendCardMessage on robotwire. Tokens, requestId,
// dateTime, appId, robotId, pacing and retries are the client's job; this service only says
// what to send to whom. Nothing here logs a token or a secret.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { JdmeClient } from 'robotwire';
import type { BulkMessage, BulkProgress, Member, Mention } from 'robotwire';

export type CardInput = Extract<BulkMessage, { card: unknown }>['card'];

export interface BatchReport {
  total: number;
  sent: number;
  failed: number;
  pending: number;
  elapsedMs: number;
  results: { erp: string; status: 'sent' | 'failed' | 'pending'; packetId?: string; error?: { code: number; message: string; category: string } }[];
}

const person = (erp: string): Member => ({ app: 'ee', pin: erp });

@Injectable()
export class MessageService {
  private readonly logger = new Logger(MessageService.name);

  constructor(@Inject(JdmeClient) private readonly client: JdmeClient) {}

  /** One text to one person. */
  async sendMessage(erp: string, text: string): Promise<{ packetId: string }> {
    const { packetId } = await this.client.sendText({ erp }, text);
    this.logger.log(`text sent to ${erp} (packetId ${packetId})`);
    return { packetId };
  }

  /**
   * One text to many people, as fast as the quotas allow. A failure (e.g. 20100012, outside the
   * robot's 可用范围) is recorded for that person and the batch goes on.
   */
  async sendMessages(erps: readonly string[] | string, text: string): Promise<BatchReport> {
    const list = [...new Set((typeof erps === 'string' ? erps.split(',') : erps).map((e) => e.trim()).filter(Boolean))];
    let lastLogged = 0;
    const progress = (p: BulkProgress) => {
      const finished = p.done + p.failed;
      // About every 10 %, and at the end.
      if (finished === p.total || finished - lastLogged >= Math.max(1, Math.ceil(p.total / 10))) {
        lastLogged = finished;
        this.logger.log(`batch progress ${finished}/${p.total}: ${p.done} sent, ${p.failed} failed, ${p.ratePerSec.toFixed(1)}/s`);
      }
    };
    const r = await this.client.sendToMany(
      list.map((erp) => ({ erp })),
      { text },
      { onProgress: progress },
    );
    const results = r.items.map((i) => ({
      erp: 'erp' in i.recipient ? i.recipient.erp : i.recipient.groupId,
      status: i.status,
      ...(i.id !== undefined ? { packetId: i.id } : {}),
      ...(i.error ? { error: { code: i.error.code, message: i.error.message, category: i.error.category } } : {}),
    }));
    for (const f of results.filter((x) => x.status === 'failed')) this.logger.warn(`not sent to ${f.erp}: ${f.error?.code} (${f.error?.category})`);
    this.logger.log(`batch done: ${r.sent} sent, ${r.failed} failed, ${r.pending} pending in ${r.elapsedMs} ms`);
    return { total: list.length, sent: r.sent, failed: r.failed, pending: r.pending, elapsedMs: r.elapsedMs, results };
  }

  /**
   * An interactive card to one person. Old protocol (templateId + cardData) gets the samples'
   * defaults; the new protocol (templateCardId + templateCardVersion) is sent as given.
   */
  async sendCardMessage(erp: string, card: CardInput): Promise<{ cardMsgId: string }> {
    const full: CardInput = 'templateCardId' in card ? card : { summary: '[卡片消息]', cardData: {}, ...card, templateId: card.templateId || 'templateMsgCard' };
    const { cardMsgId } = await this.client.sendCard({ erp }, full);
    this.logger.log(`card sent to ${erp} (cardMsgId ${cardMsgId})`);
    return { cardMsgId };
  }

  /** A text in a group, @-mentioning people (shown as "@nickname"). */
  async sendGroupMessage(groupId: string, text: string, mentions: { erp: string; nickname: string }[] = [], atAll = false): Promise<{ packetId: string }> {
    const at: Mention[] = mentions.map((m) => ({ ...person(m.erp), nickname: m.nickname }));
    const { packetId } = await this.client.sendText({ groupId }, text, { ...(at.length ? { mentions: at } : {}), ...(atAll ? { atAll } : {}) });
    this.logger.log(`group text sent to ${groupId} (packetId ${packetId})`);
    return { packetId };
  }

  /** A group owned by `owner` with the robot and `members` in it. Same uniqueKey → no duplicate group. */
  async createGroup(input: { name: string; owner: string; members: string[]; uniqueKey: string; notice?: string }): Promise<{ groupId: string }> {
    const { groupId } = await this.client.createGroup({
      name: input.name,
      owner: person(input.owner),
      members: input.members.map(person),
      uniqueKey: input.uniqueKey,
      ...(input.notice ? { notice: input.notice } : {}),
    });
    this.logger.log(`group ${groupId} created`);
    return { groupId };
  }

  async addGroupMembers(groupId: string, erps: string[]): Promise<void> {
    await this.client.request('addGroupMember', { groupId, members: erps.map(person) });
    this.logger.log(`${erps.length} member(s) added to group ${groupId}`);
  }
}
