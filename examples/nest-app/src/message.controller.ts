// HTTP front of MessageService. Bodies are checked by hand to keep the example dependency-free
// (use class-validator DTOs in a real app).
import { BadRequestException, Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { MessageService } from './message.service.js';
import type { CardInput } from './message.service.js';

type Json = Record<string, unknown>;

function text(body: Json, key: string): string {
  const v = body?.[key];
  if (typeof v !== 'string' || v.trim() === '') throw new BadRequestException(`${key} must be a non-empty string`);
  return v;
}

function erps(body: Json, key: string): string[] | string {
  const v = body?.[key];
  if (typeof v === 'string' && v.trim() !== '') return v;
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x.trim() !== '')) return v as string[];
  throw new BadRequestException(`${key} must be a non-empty list of erps (array, or a comma-separated string)`);
}

const list = (v: string[] | string) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v);

@Controller()
export class MessageController {
  constructor(@Inject(MessageService) private readonly messages: MessageService) {}

  /** { erp, text } */
  @Post('messages/text')
  @HttpCode(200)
  sendMessage(@Body() body: Json) {
    return this.messages.sendMessage(text(body, 'erp'), text(body, 'text'));
  }

  /** { erps: ["a", "b"] | "a,b", text } → per-recipient results; 200 even if some failed. */
  @Post('messages/batch')
  @HttpCode(200)
  sendMessages(@Body() body: Json) {
    return this.messages.sendMessages(erps(body, 'erps'), text(body, 'text'));
  }

  /** { erp, card: { templateId, cardData, … } | { templateCardId, templateCardVersion, templateCardVariable } } */
  @Post('messages/card')
  @HttpCode(200)
  sendCardMessage(@Body() body: Json) {
    const card = body?.card as Json | undefined;
    if (!card || typeof card !== 'object' || (typeof card.templateId !== 'string' && typeof card.templateCardId !== 'string')) {
      throw new BadRequestException('card must have templateId (old protocol) or templateCardId + templateCardVersion');
    }
    return this.messages.sendCardMessage(text(body, 'erp'), card as unknown as CardInput);
  }

  /** { name, owner, members: [erp…], uniqueKey } */
  @Post('groups')
  @HttpCode(200)
  createGroup(@Body() body: Json) {
    return this.messages.createGroup({ name: text(body, 'name'), owner: text(body, 'owner'), members: list(erps(body, 'members')), uniqueKey: text(body, 'uniqueKey') });
  }

  /** { erps: [erp…] } */
  @Post('groups/:groupId/members')
  @HttpCode(200)
  async addGroupMembers(@Param('groupId') groupId: string, @Body() body: Json) {
    await this.messages.addGroupMembers(groupId, list(erps(body, 'erps')));
    return { ok: true };
  }

  /** { text, mentions?: [{ erp, nickname }], atAll? } */
  @Post('groups/:groupId/messages')
  @HttpCode(200)
  sendGroupMessage(@Param('groupId') groupId: string, @Body() body: Json) {
    const mentions = Array.isArray(body?.mentions) ? (body.mentions as Json[]).map((m) => ({ erp: text(m, 'erp'), nickname: text(m, 'nickname') })) : [];
    return this.messages.sendGroupMessage(groupId, text(body, 'text'), mentions, body?.atAll === true);
  }
}
