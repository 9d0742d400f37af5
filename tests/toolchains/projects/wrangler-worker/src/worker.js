import { createJdmeWebhook } from 'robotwire/webhook';

let hook;

export default {
  fetch(request, env, ctx) {
    hook ??= createJdmeWebhook({ verificationToken: env.JDME_VERIFICATION_TOKEN, encryptKey: env.JDME_ENCRYPT_KEY }).on('chat_message', () => {});
    return hook.fetch(request, ctx);
  },
};
