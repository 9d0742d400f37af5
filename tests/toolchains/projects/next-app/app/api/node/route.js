// The same route on the Node.js runtime (Next bundles robotwire's Node build into the server).
import { createJdmeWebhook, buildJdmeRequest } from 'robotwire';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

let hook;

export async function POST(request) {
  hook ??= createJdmeWebhook({ verificationToken: process.env.JDME_VERIFICATION_TOKEN, encryptKey: process.env.JDME_ENCRYPT_KEY }).on('chat_message', () => {});
  // Both JD ME modules must have been emitted by the bundler.
  buildJdmeRequest('sendRobotMsg', { erp: 'fake.erp', tenantId: 'CN.JD.GROUP', text: 'hi' }, { appId: 'fake-app', robotId: '00_fakerobot000001', requestId: 'fake-req', nowMs: Date.now() });
  return hook.fetch(request);
}
