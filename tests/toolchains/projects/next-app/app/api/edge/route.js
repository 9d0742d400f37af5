// The Vercel users' case: an App Router route on the edge runtime importing `robotwire`.
import { createJdmeWebhook } from 'robotwire';

export const runtime = 'edge';

let hook;

export async function POST(request) {
  hook ??= createJdmeWebhook({ verificationToken: process.env.JDME_VERIFICATION_TOKEN, encryptKey: process.env.JDME_ENCRYPT_KEY }).on('chat_message', () => {});
  return hook.fetch(request);
}
