// A small 有机云 bot, end to end: log in (2.1), list groups (2.4), then over the realtime channel
// send a text that @-mentions a member, an image, a link and a file to a group (3.4–3.10), wait
// for a reply, and tag the customer who replied (3.11).
//
//   node examples/yjiyun-bot.mjs
//
// Without YJIYUN_BASE_URL it starts the local simulator in-process and injects the reply through
// the simulator's admin endpoint, as a customer typing in the group would. Against a running
// `robotwire sim --platform yjiyun`, set YJIYUN_BASE_URL (and YJIYUN_ACCESS_KEY / _SECRET if you
// changed them). Never point it at the real platform with real customers: it sends messages.
import { YjiyunClient, YjiyunRealtime } from 'robotwire/yjiyun';

const log = (line) => process.stdout.write(`${line}\n`);

let sim;
let baseUrl = process.env.YJIYUN_BASE_URL;
let accessKey = process.env.YJIYUN_ACCESS_KEY ?? 'sim-access-key';
let accessSecret = process.env.YJIYUN_ACCESS_SECRET ?? 'sim-access-secret-not-real';
if (!baseUrl) {
  const { startYjiyunSimulator } = await import('robotwire/sim');
  sim = await startYjiyunSimulator();
  ({ url: baseUrl, accessKey, accessSecret } = sim);
  log(`simulator: ${baseUrl}`);
}

const client = new YjiyunClient({ accessKey, accessSecret, baseUrl });
const rt = new YjiyunRealtime({ client });
rt.on('reconnecting', ({ attempt, delayMs, reason }) => log(`reconnecting (#${attempt} in ${delayMs} ms: ${reason})`));
rt.on('error', (e) => log(`realtime error: ${e.code ?? ''} ${e.message}`));

try {
  // 2.1 + 2.2: the token is cached and renewed by the client; it is never printed.
  const robots = await client.robots();
  const robot = robots.find((r) => r.robotState === 'online');
  if (!robot) throw new Error('no online robot');
  log(`logged in: robot ${robot.nickName} (${robot.robotKey})`);

  // 2.4, every page.
  const groups = [];
  for await (const g of client.iterateGroups({ robotKey: robot.robotKey })) groups.push(g);
  log(`groups: ${groups.length} (${groups.slice(0, 3).map((g) => g.name).join(', ')}, …)`);
  const group = groups[0];

  // 2.6: someone to @ — a customer in that group.
  const members = await client.members({ robotKey: robot.robotKey, conversationId: group.conversationId });
  const customer = members.items.find((m) => m.isExternalUser);

  await rt.connect({ timeoutMs: 30_000 });
  log('realtime: connected');
  const chatId = `S:${robot.wxid}_${group.conversationId}`;

  // Each send resolves with the platform's callback for its messageId.
  const text = await rt.sendText({ chatId, content: `@${customer.name} 欢迎加入「${group.name}」`, atUserList: [customer.userId] });
  log(`sent text ${text.messageId} (@${text.content.atUserList.join(',')})`);
  const image = await rt.sendImage({ chatId, pic: 'https://media.example.invalid/welcome.png' });
  log(`sent image ${image.messageId}`);
  const link = await rt.sendLink({ chatId, title: '新人指南', link: 'https://example.invalid/guide', description: '三分钟了解本群', coverImgFile: 'https://media.example.invalid/cover.png' });
  log(`sent link ${link.messageId}`);
  const file = await rt.sendFile({ chatId, fileName: 'https://media.example.invalid/price-list.xlsx' });
  log(`sent file ${file.messageId}`);

  // Wait for the customer's answer in this group.
  const reply = rt.next('message', (m) => m.chatId === chatId && !m.from?.isSelf, { timeoutMs: 30_000 });
  if (sim) {
    const r = await fetch(`${baseUrl}/__sim/say`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ groupId: group.conversationId, fromUserId: customer.userId, text: '收到，谢谢！', atRobot: true }),
    });
    if (!r.ok) throw new Error(`simulator refused the reply: ${await r.text()}`);
  } else {
    log('waiting for a reply in the group…');
  }
  const [answer] = await reply;
  log(`reply from ${answer.from.nickName}: ${answer.content.content}`);

  // 3.12 then 3.11: tag the customer who answered (tag operations are queued per robot).
  const tree = await rt.syncTags({ robotKey: robot.robotKey });
  const stage = tree.data.groupLabels.find((l) => l.name === '客户阶段') ?? tree.data.groupLabels[0];
  const tag = stage.subLabelList[0];
  const tagged = await rt.tagCustomer({ robotKey: robot.robotKey, userId: answer.from.contactId, tags: [tag.labelId] });
  log(`tagged ${tagged.data.userId} with ${tag.fullName ?? tag.name} (${tag.labelId})`);
  log('done');
} finally {
  await rt.close();
  await sim?.close();
}
