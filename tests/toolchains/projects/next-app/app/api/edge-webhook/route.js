// The smallest edge route: the webhook module only.
import { createJdmeWebhook } from 'robotwire/webhook';

export const runtime = 'edge';

let hook;

export async function POST(request) {
  hook ??= createJdmeWebhook({ verificationToken: process.env.JDME_VERIFICATION_TOKEN, encryptKey: process.env.JDME_ENCRYPT_KEY }).on('chat_message', () => {});
  return hook.fetch(request);
}
