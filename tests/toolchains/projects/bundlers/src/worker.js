// A Cloudflare Worker importing the full `robotwire` entry, bundled by plain esbuild.
import { createJdmeWebhook } from 'robotwire';

let hook;

export default {
  fetch(request, env, ctx) {
    hook ??= createJdmeWebhook({ verificationToken: env.JDME_VERIFICATION_TOKEN, encryptKey: env.JDME_ENCRYPT_KEY }).on('chat_message', () => {});
    return hook.fetch(request, ctx);
  },
};
