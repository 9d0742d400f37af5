// Answers to card interaction callbacks (Rust twin: src/jdme/card.rs). Success is code 1.
import { cardAnswer, cardFailure } from '../wasm/jdme-webhook.js';

/** reqType 1: new data for the card the user acted on. */
export interface CardUpdateAnswer {
  cardMsgId: string;
  cardData: Record<string, unknown>;
  /** Replaces the card's forward data when present. */
  forward?: { reload: boolean; cardData?: Record<string, unknown> };
  /** Replaces the card's callbackData when present. */
  callbackData?: unknown;
  /** Message shown by the client; default "操作成功！". */
  msg?: string;
}

/** Style of the toast a card interaction answer shows (`promptInfo.style`). */
export type ToastStyle = 'success' | 'info' | 'error' | 'warn';

/** Per-client link targets; clients without their own entry use `default`. */
export interface LinkInfo {
  default?: string;
  pc?: string;
  ios?: string;
  android?: string;
  mac?: string;
  ipad?: string;
  apad?: string;
}

/** reqType 2: what the client shows and does next. */
export interface CardInteractionAnswer {
  promptInfo?: { type?: 'toast'; style: ToastStyle; content: string };
  action?: { type?: 'link'; linkInfo: LinkInfo };
  msg?: string;
}

/** The JSON text answering a reqType 1 callback (validated by the core). */
export function cardUpdateAnswer(answer: CardUpdateAnswer): string {
  return cardAnswer('update', answer);
}

/** The JSON text answering a reqType 2 callback (validated by the core). */
export function cardInteractionAnswer(answer: CardInteractionAnswer = {}): string {
  return cardAnswer('interaction', answer);
}

/** A failure answer (code ≠ 1): the client shows `msg`. */
export function cardFailureAnswer(msg: string): string {
  return cardFailure(msg);
}
