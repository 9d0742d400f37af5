// A Node service bundled whole (robotwire included) by webpack or Vite SSR.
import http from 'node:http';
import { createJdmeWebhook, buildJdmeRequest } from 'robotwire';

const hook = createJdmeWebhook({ verificationToken: process.env.JDME_VERIFICATION_TOKEN, encryptKey: process.env.JDME_ENCRYPT_KEY }).on('chat_message', () => {});
// The outbound module too (compiled on first use): a bundler must have kept both .wasm files.
const body = buildJdmeRequest('sendRobotMsg', { erp: 'fake.erp', tenantId: 'CN.JD.GROUP', text: 'hi' }, { appId: 'fake-app', robotId: '00_fakerobot000001', requestId: 'fake-req', nowMs: Date.now() });
if (!body.includes('fake.erp')) throw new Error('outbound builder failed');

http.createServer(hook.node).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
