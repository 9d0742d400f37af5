// The local 有机云 runs the mass-send tasks it stores (2.7, issue 10): one-off and periodic
// (execStartTime in China time, weekdays), paced by perSuitSecond/perSuitSecondUpper, each send
// appearing as the robot's message in the chat records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, until } from './yjiyun-helpers.mjs';

const robotTexts = (sim, chatUser) =>
  [...sim.state.chats.values()].filter((c) => c.chatUser === chatUser).flatMap((c) => c.messages.filter((m) => m.from.isSelf === 1 || m.from.isSelf === true).map((m) => m.content));

test('a one-off task runs now: every target gets every content, batches paced by perSuitSecond..Upper (scaled)', async () => {
  const env = await setup({ sim: { taskTimeScale: 0.001 } });
  const rk = env.robot.robotKey;
  try {
    const targets = ['R:10696000000000001', 'R:10696000000000002', 'R:10696000000000003'];
    await env.client.saveTask({
      name: '晨报',
      isGroupChat: 2,
      taskRule: 2,
      perSuitSecond: 45,
      perSuitSecondUpper: 60,
      contents: [{ msgType: 1, content: '早上好' }, { msgType: 16, link: 'https://example.invalid/a', title: '日报' }],
      acceptTarget: [{ robotKey: rk, chatUser: [...targets, 'R:10696000000000999'] }],
    });
    const task = env.sim.state.tasks[0];
    await until(() => task.status === 'done', 5_000, 'task done');
    assert.equal(task.runs, 1);
    assert.equal(task.nextAt, null);
    assert.deepEqual(task.sends.map((s) => [s.chatUser, s.ok]), [...targets.map((t) => [t, true]), ['R:10696000000000999', false]]);
    assert.match(task.sends[3].error, /not in this group/);
    for (const t of targets) {
      const got = robotTexts(env.sim, t);
      assert.ok(got.some((c) => c.content === '早上好'), `${t}: ${JSON.stringify(got)}`);
      assert.ok(got.some((c) => c.title === '日报' && c.contentType === 13));
    }
    // One target per batch (suitCount 1), 45–60 s apart, scaled by 0.001.
    const gaps = task.sends.slice(1).map((s, i) => s.at - task.sends[i].at);
    assert.ok(gaps.every((g) => g >= 40), JSON.stringify(gaps));
    // The sends are on the platform's record (2.11 chat history).
    const chats = await env.client.chats({ count: 50 });
    assert.ok(chats.some((c) => c.chatId.endsWith(targets[0])));
  } finally {
    await env.close();
  }
});

test('a periodic task runs at execStartTime (China time) on its weekdays, then plans the next one', async () => {
  // The simulator's clock: Monday 2026-11-30 08:59:58 in China (00:59:58 UTC), moving.
  const start = Date.UTC(2026, 10, 30, 0, 59, 58);
  for (const weekday of [['MON', 'WED'], [2, 4]]) {
    const offset = start - Date.now();
    const env = await setup({ sim: { now: () => Date.now() + offset } });
    try {
      await env.client.saveTask({
        name: '例会提醒',
        taskType: 2,
        execStartTime: '09:00',
        weekday,
        isGroupChat: 2,
        contents: [{ msgType: 1, content: '九点例会' }],
        acceptTarget: [{ robotKey: env.robot.robotKey, chatUser: ['R:10696000000000001'] }],
      });
      const task = env.sim.state.tasks[0];
      assert.equal(task.nextAt, Date.UTC(2026, 10, 30, 1, 0, 0), 'today (Monday) 09:00 China');
      await until(() => task.runs === 1 && task.status === 'scheduled', 5_000, 'first run');
      assert.deepEqual(task.sends.map((s) => s.ok), [true]);
      assert.ok(task.sends[0].at >= Date.UTC(2026, 10, 30, 1, 0, 0));
      assert.ok(robotTexts(env.sim, 'R:10696000000000001').some((c) => c.content === '九点例会'));
      assert.equal(task.nextAt, Date.UTC(2026, 11, 2, 1, 0, 0), `next: Wednesday 09:00 China (${JSON.stringify(weekday)})`);
    } finally {
      await env.close();
    }
  }
});

test('a periodic task without execStartTime is refused by the 2.7 checks', async () => {
  const env = await setup();
  try {
    await assert.rejects(
      env.client.saveTask({ name: 'x', taskType: 2, isGroupChat: 2, contents: [{ msgType: 1, content: 'x' }], acceptTarget: [{ robotKey: env.robot.robotKey, chatUser: ['R:10696000000000001'] }] }),
    );
  } finally {
    await env.close();
  }
});
