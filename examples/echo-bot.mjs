// The main job: a local 京ME (robotwire sim) and an echo bot built on robotwire.
//
// The bot is a plain Node service: it receives chat_message through the robotwire webhook
// (signed + encrypted by the simulator, exactly as the platform posts), answers with a text
// (@-mentioning the sender in groups) and a card through JdmeClient, and updates the card when
// its button is clicked. The script drives one conversation, then leaves both running and
// prints the simulator page's URL. `--once` exits after the conversation (used by the tests).
import http from 'node:http';
import { createJdmeWebhook, JdmeClient } from 'robotwire';
import { startSimulator, DEFAULT_APP } from 'robotwire/sim';

const once = process.argv.includes('--once');
// Obviously fake credentials, shared by the simulator and the bot.
const VERIFICATION_TOKEN = 'echo-demo-verification-token';
const ENCRYPT_KEY = 'echo-demo-encrypt-key';
const ROBOT_ID = '00_echodemo000001';

// ---------------------------------------------------------------- the bot
const webhook = createJdmeWebhook({ verificationToken: VERIFICATION_TOKEN, encryptKey: ENCRYPT_KEY });
const server = http.createServer((req, res) => webhook.node(req, res));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const botUrl = `http://127.0.0.1:${server.address().port}/jdme/events`;

// ---------------------------------------------------------------- the platform
const sim = await startSimulator({
  port: Number(process.env.SIM_PORT ?? 0),
  robots: [{ robotId: ROBOT_ID, nickname: '回声机器人', eventUrl: botUrl, verificationToken: VERIFICATION_TOKEN, encryptKey: ENCRYPT_KEY, profile: 'consult' }],
});

const client = new JdmeClient({ ...DEFAULT_APP, robotId: ROBOT_ID, baseUrl: sim.url, profile: 'consult', tenantId: 'CN.JD.GROUP' });
const clicks = new Map(); // cardMsgId → click count: the card's state lives in the bot
const log = (line) => console.log(`[bot] ${line}`);

webhook
  .on('chat_message', async (ev) => {
    const { sender, body, groupId } = ev.event;
    const said = String(body.content ?? '').replace(/^@\S+\s*/, '');
    log(`chat_message from ${sender.pin}${groupId ? ` in group ${groupId}` : ''}: ${JSON.stringify(said)}`);
    const to = groupId ? { groupId } : { erp: sender.pin };
    const mentions = groupId ? [{ app: sender.app, pin: sender.pin, nickname: sender.pin }] : [];
    const text = await client.sendText(to, `你说：${said}`, { mentions });
    log(`replied with text ${text.packetId}`);
    const card = await client.sendCard(to, {
      templateCardId: 'echo-card',
      templateCardVersion: '1.0.0',
      templateCardVariable: { said, clicks: 0 },
      callbackData: { said },
    });
    clicks.set(card.cardMsgId, 0);
    log(`sent card ${card.cardMsgId}`);
  })
  .onCard(async (cb) => {
    const id = cb.body.cardMsgId;
    if (cb.reqType === 2) {
      // A button click: count it, then ask the platform to refresh the card (it calls back with reqType 1).
      clicks.set(id, (clicks.get(id) ?? 0) + 1);
      log(`card ${id} clicked by ${cb.from.pin} (${clicks.get(id)} so far)`);
      const sessionType = cb.body.sessionType;
      setTimeout(() => {
        client
          .request('sendJUEChangeMsg', {
            ...(cb.gid ? { groupId: cb.gid, gid: cb.gid } : { erp: cb.from.pin, to: { app: cb.from.app, pin: cb.from.pin } }),
            sessionType,
            templateType: 1,
            cardMsgId: id,
          })
          .catch((e) => log(`card change failed: ${e.message}`));
      }, 0);
      return { promptInfo: { style: 'success', content: `收到第 ${clicks.get(id)} 次点击` } };
    }
    log(`card ${id} asks for fresh data`);
    return { cardMsgId: id, cardData: { said: cb.body.callbackData?.said ?? '', clicks: clicks.get(id) ?? 0 } };
  })
  .onError((err, info) => log(`webhook ${info.stage} error: ${err.code ?? ''} ${err.message}`));

// ---------------------------------------------------------------- one conversation
const settle = async (predicate, what) => {
  for (let i = 0; i < 200; i++) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
};
const cardsIn = (conversation) => [...sim.state.cards.values()].filter((c) => c.conversation === conversation);

console.log(`robotwire sim (京ME) on ${sim.url}; echo bot webhook on ${botUrl}\n`);

console.log('→ sim.alice says 你好 to the robot (single chat)');
await sim.say({ pin: 'sim.alice', text: '你好' }).done;
await settle(() => cardsIn('user:ee/sim.alice').length === 1, 'the reply card');

const group = await client.createGroup({ name: '回声演示群', owner: { app: 'ee', pin: 'sim.alice' }, members: [{ app: 'ee', pin: 'sim.bob' }], uniqueKey: `echo-demo-${Date.now()}` });
console.log(`\n→ sim.bob @-mentions the robot in group ${group.groupId}`);
await sim.say({ pin: 'sim.bob', groupId: group.groupId, text: '在吗？' }).done;
await settle(() => cardsIn(`group:${group.groupId}`).length === 1, 'the group reply card');

const card = cardsIn(`group:${group.groupId}`)[0];
console.log(`\n→ sim.bob clicks the button on card ${card.cardMsgId}`);
const click = await sim.click({ cardMsgId: card.cardMsgId, pin: 'sim.bob', reqType: 2, actionData: { button: 'again' } });
console.log(`  toast: ${click.answer?.data?.promptInfo?.content}`);
await settle(() => card.updates === 1, 'the card update');
console.log(`  card data now: ${JSON.stringify(card.cardData)}`);

const texts = sim.state.chat.filter((c) => 'robotId' in c.from && c.kind === 'text').map((c) => c.body.content);
console.log(`\nrobot texts: ${JSON.stringify(texts)}`);
console.log(`interceptions: ${sim.state.interceptions.length}, event deliveries: ${sim.deliveries.length} (${sim.deliveries.filter((d) => d.state === 'delivered').length} delivered)`);

if (once) {
  await sim.close();
  server.close();
} else {
  console.log(`\n模拟器页面 / simulator page: ${sim.url}/`);
  console.log('Both keep running; Ctrl-C to stop.');
  process.on('SIGINT', () => sim.close().then(() => process.exit(0)));
}
