// The main job for now: a JD ME robot webhook on loopback, fed the way the platform feeds it.
// Signs and encrypts a chat_message, posts it, shows the typed event and the reply; then a
// redelivery (deduplicated), a tampered body (refused) and a card click (answered, code 1).
import http from 'node:http';
import { createJdmeWebhook, encryptJdmeEvent, signJdmeToken } from 'robotwire';

// Obviously fake credentials: configure your robot's real ones from the environment.
const verificationToken = process.env.JDME_VERIFICATION_TOKEN ?? 'demo-verification-token';
const encryptKey = process.env.JDME_ENCRYPT_KEY ?? 'demo-encrypt-key';

const hook = createJdmeWebhook({ verificationToken, encryptKey })
  .on('chat_message', (event, { eventId }) => {
    const { sender, body, groupId } = event.event;
    console.log(`  listener: chat_message ${eventId} from ${sender.app}/${sender.pin} in group ${groupId}: ${JSON.stringify(body.content)}`);
  })
  .onCard((cb) => {
    console.log(`  card handler: reqType ${cb.reqType} on card ${cb.body.cardMsgId}, action ${JSON.stringify(cb.body.actionData)}`);
    return { promptInfo: { style: 'success', content: '已收到' } };
  })
  .onError((err, info) => console.log(`  onError: [${info.stage}] ${err.code}: ${err.message}`));

const server = http.createServer(hook.node);
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/jdme/events`;
console.log(`robotwire JD ME webhook listening on ${url}\n`);

async function deliver(title, body) {
  console.log(`→ ${title}`);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  console.log(`← HTTP ${res.status} ${await res.text()}\n`);
  await new Promise((r) => setTimeout(r, 50)); // let the acknowledged listener log first
}

const timeStamp = Date.now();
const event = {
  timeStamp,
  eventId: `demo-${timeStamp}`,
  robotApp: 'robot.dd',
  eventType: 'chat_message',
  event: {
    sender: { app: 'ee', clientType: 'pc', pin: 'demo.user' },
    groupId: '10000000001',
    msgId: '1001',
    body: { type: 'text', content: '@演示机器人 你好', atUsers: [{ app: 'robot.dd', pin: 'app.demo', nickname: '演示机器人' }] },
    chatType: 2,
  },
  robotPin: 'app.demo',
  token: signJdmeToken(verificationToken, timeStamp),
};
console.log('event as the platform builds it (before encryption):');
console.log(JSON.stringify(event, null, 2) + '\n');

const body = JSON.stringify({ encrypt: encryptJdmeEvent(encryptKey, event) });
await deliver('encrypted, signed chat_message', body);
await deliver('the same event again (a platform retry)', body);
// Flip the top bit of the byte 16 places before the end of the ciphertext. In CBC it is XORed
// into the last plaintext byte, the padding length (1..16), which becomes 129..144: the padding
// never checks out. (Changing a character inside the last block instead scrambles the whole
// block, and about 1 time in 256 that still ends in valid padding.)
const raw = Buffer.from(JSON.parse(body).encrypt, 'base64');
raw[raw.length - 17] ^= 0x80;
const tampered = JSON.stringify({ encrypt: raw.toString('base64') });
await deliver('a tampered body', tampered);
await deliver(
  'a card button click (reqType 2)',
  JSON.stringify({
    reqType: 2,
    from: { app: 'ee', pin: 'demo.user', clientType: 'pc' },
    to: { app: 'robot.dd', pin: 'app.demo' },
    datetime: Date.now(),
    token: verificationToken,
    lang: 'zh_cn',
    body: { templateId: 'demo', cardMsgId: 'card-1', sessionType: 1, sessionId: 's-1', actionData: { button: 'ok' } },
  }),
);

server.close();
