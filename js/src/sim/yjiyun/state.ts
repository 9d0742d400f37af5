// State of the local 有机云: one account, its robots, customers, groups (members, admins,
// announcement), chats with their history, the tag tree, pending friend requests, saved
// mass-send tasks, and logs of every REST request and socket frame. Seeded deterministically
// with obviously fake ids shaped like the document's (1688… staff, 788… external customers,
// R:… groups, 17-digit label ids above 2^53).

/** A robot (an enterprise-WeChat staff account) of the simulated account, with the fields robot/list reports. */
export interface SimYjRobot {
  robotKey: string;
  wxid: string;
  nickName: string;
  alias: string;
  headImg: string;
  robotStatus: number;
  clientCode: string;
  officialUserId: string;
  corpid: string;
  lastLoginTime: string;
  gender: number;
  phone: string;
  mobile: string;
  position: string;
}

/** An external contact (customer) of one robot, as external/user/list reports it. */
export interface SimYjCustomer {
  robotKey: string;
  userId: string;
  name: string;
  realRemarks: string;
  remarks: string;
  status: number;
  isOuterUser: number;
  mobile: string;
  gender: number;
  /** Label ids set by robot.cust.tags. */
  tags: string[];
  gmtCreate: string;
}

/** A member of a simulated group. */
export interface SimYjMember {
  userId: string;
  name: string;
  /** Enterprise member (can be an admin) vs external contact. */
  staff: boolean;
}

/** A group chat (`R:…` conversationId) of one robot: members, admins and announcement. */
export interface SimYjGroup {
  robotKey: string;
  conversationId: string;
  name: string;
  ownerId: string;
  members: SimYjMember[];
  /** Admins besides the owner (3.16: the owner is not listed). */
  admins: string[];
  notice: string;
  status: number;
  createTime: string;
}

/** One message as the wire carries it (3.2 / 3.4 callback shape, ids as strings). */
export interface SimYjMessage {
  messageId: string;
  msgSvrID: string;
  timestamp: number;
  robotKey: string;
  chatId: string;
  chatName: string;
  chatUser: string;
  from: { contactId: string; nickName: string; headImg: string; isGroupContact: number; isSelf?: number };
  isGroupChat: number;
  content: Record<string, unknown>;
  assignTo: string;
  sendStatus?: number;
}

/** A conversation of a robot with a customer or a group (chatId `S:<robot wxid>_<peer>`), with its history. */
export interface SimYjChat {
  chatId: string;
  chatUser: string;
  chatName: string;
  robotKey: string;
  isGroupChat: number;
  lastMsgActive: number;
  unreadCount: number;
  pushContent: string;
  messages: SimYjMessage[];
}

/** A tag group or a tag in the tag tree (a group lists its tags in `sub`); ids are numeric strings above 2^53. */
export interface SimYjLabel {
  labelId: string;
  labelGroupId: string;
  name: string;
  groupName: string;
  isCorpLabel: number;
  isCustomLabelGroup: number;
  createTime: string;
  sub: SimYjLabel[];
}

/** One REST request the simulator received, with its answer's `code`. */
export interface SimYjRequestLog {
  at: number;
  endpoint: string;
  path: string;
  contentType: string;
  /** How the body was encoded on the wire. */
  format: 'form' | 'json' | 'other' | 'empty';
  requestId: string | null;
  /** Whether a `token` header was present (the value is never recorded). */
  tokenHeader: boolean;
  /** Parsed body (form pairs as arrays of values, or JSON); `accessSecret` redacted. */
  fields: Record<string, unknown>;
  code: string;
  /** The answer's `msg`, once answered. */
  msg?: string;
  /** Time to answer, in real milliseconds. */
  latencyMs?: number;
}

/** One socket.io frame on `/imchat`. */
export interface SimYjFrameLog {
  at: number;
  /** `in` from a client, `out` from the simulator. */
  direction: 'in' | 'out';
  event: string;
  /** JSON text exactly as sent or received. */
  text: string;
  socketId: string;
}

/** One send of a task: the target, when, and the messageIds of its messages (or why it failed). */
export interface SimYjTaskSend {
  /** Epoch ms (simulator clock). */
  at: number;
  robotKey: string;
  /** A customer's userId or a group's `R:` conversation id. */
  chatUser: string;
  ok: boolean;
  /** The robot's messages this send produced, one per content item. */
  messageIds: string[];
  /** Why the send failed (`ok: false`). */
  error?: string;
}

/** A request body the simulator saved, with when (epoch ms): a multiple/task/save task or a group/setting/duplicate call. */
export interface SimYjTask {
  at: number;
  body: unknown;
  /** Mass-send tasks only: `scheduled`, `sending`, `done`, or `failed` (see `error`). */
  status?: 'scheduled' | 'sending' | 'done' | 'failed';
  /** When it runs next (epoch ms, simulator clock); null when it will not run again. */
  nextAt?: number | null;
  /** How many times it has run (periodic tasks run on every occurrence). */
  runs?: number;
  /** Every send it made, in order. */
  sends?: SimYjTaskSend[];
  /** Why it cannot run. */
  error?: string;
}

export const ASSIGN_TO = 'sim-agent';
export const COMPANY_ID = '1970325000000001';
export const CORP_ID = 'wwfake0000000000001';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

function fmt(ms: number): string {
  const d = new Date(ms + 8 * 3600_000); // Asia/Shanghai, as the platform prints times
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
}
export { fmt as formatTime };

/** `yyyyMMddHHmmss` (Asia/Shanghai), the prefix of the platform's own messageIds (3.2: 202003241342304979). */
function compact(ms: number): string {
  return fmt(ms).replace(/[^0-9]/g, '');
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const GIVEN = ['小红', '小明', '晓琪', '嘉仪', '利生', '平哥', '凯撒', '蘑菇', '甜甜', '江夏'];

/** How much fake data the simulator seeds at start. */
export interface SeedOptions {
  /** Customers of the first robot (paginated lists need more than a page). Default 45. */
  customers?: number;
  /** Groups of the first robot. Default 25. */
  groups?: number;
  /** Messages in the first group's history. Default 55. */
  history?: number;
}

/**
 * Everything the local 有机云 remembers: robots, customers, groups, chats, the tag tree, friend
 * requests, saved tasks and settings, and logs of REST requests and socket frames.
 */
export class SimYjState {
  version = 0;
  robots: SimYjRobot[] = [];
  customers: SimYjCustomer[] = [];
  groups: SimYjGroup[] = [];
  chats = new Map<string, SimYjChat>();
  /** Corporate tag groups. */
  labels: SimYjLabel[] = [];
  /** The personal tag group. */
  personLabel: SimYjLabel | undefined;
  friendRequests: { robotKey: string; userId: string; name: string; reason: string; at: number }[] = [];
  /** Mass-send tasks saved with multiple/task/save. */
  tasks: SimYjTask[] = [];
  /** Group settings copied with group/setting/duplicate. */
  settings: SimYjTask[] = [];
  downloads = new Map<string, string>();
  /** REST requests received (the last 2000). */
  requests: SimYjRequestLog[] = [];
  /** Socket frames sent and received (the last 2000). */
  frames: SimYjFrameLog[] = [];
  /** Overlapping robot.cust.tags operations for one robot (3.11 warns against them). */
  tagOverlaps = 0;
  tagOps: { at: number; robotKey: string; userId: string; ok: boolean; msg: string }[] = [];
  #seq = 0;

  constructor(
    /** The simulator's clock (epoch ms). */
    readonly now: () => number,
  ) {}

  /** Records a change: bumps `version`, which the page polls. */
  touch(): void {
    this.version += 1;
  }

  /** Monotonic counter for msgSvrIDs and new ids. */
  nextSeq(): number {
    this.#seq += 1;
    return this.#seq;
  }

  /**
   * A messageId for something the platform originates, shaped like the doc's (date + digits:
   * 18 characters for messages, 26 for events) — never the 17-character "ms + 4 digits" the SDK
   * uses, so an inbound message can never be taken for the callback of a send.
   */
  platformMessageId(at: number, kind: 'message' | 'event' = 'message'): string {
    const seq = this.nextSeq();
    return kind === 'message' ? `${compact(at)}${pad(seq % 10_000, 4)}` : `${compact(at)}${pad(at % 1000, 3)}${pad(seq % 1_000_000_000, 9)}`;
  }

  /** Adds the fake data: two robots, customers (one with an id above 2^53), groups, the tag tree and some history. */
  seed(o: SeedOptions = {}): void {
    const t0 = this.now();
    const nCust = o.customers ?? 45;
    const nGroups = o.groups ?? 25;
    const nHistory = o.history ?? 55;
    for (let i = 1; i <= 2; i++) {
      this.robots.push({
        robotKey: `fake${'0'.repeat(27)}${i}`,
        wxid: `16888500000000${pad(i, 2)}`,
        nickName: i === 1 ? '模拟机器人' : '模拟机器人二号',
        alias: '',
        headImg: `https://media.example.invalid/robot${i}.png`,
        robotStatus: 1,
        clientCode: 'sim-client',
        officialUserId: `SimRobot${i}`,
        corpid: CORP_ID,
        lastLoginTime: fmt(t0 - 3600_000),
        gender: 1,
        phone: '',
        mobile: '',
        position: '',
      });
    }
    const [r1, r2] = this.robots as [SimYjRobot, SimYjRobot];
    const person = (i: number) => `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}`;
    for (let i = 0; i < nCust; i++) {
      this.customers.push({
        robotKey: r1.robotKey,
        userId: `78813000000${pad(i + 1, 5)}`,
        name: person(i),
        realRemarks: '',
        remarks: '',
        status: i % 15 === 14 ? 0 : 1,
        isOuterUser: 1,
        mobile: '',
        gender: (i % 3) as 0 | 1 | 2,
        tags: [],
        gmtCreate: fmt(t0 - (nCust - i) * 86_400_000),
      });
    }
    // A customer whose id is above 2^53: only exact if the response text is parsed as text.
    this.customers.push({
      robotKey: r1.robotKey,
      userId: '9007199254740993',
      name: '大号客户',
      realRemarks: '',
      remarks: '',
      status: 1,
      isOuterUser: 1,
      mobile: '',
      gender: 0,
      tags: [],
      gmtCreate: fmt(t0),
    });
    this.customers.push({
      robotKey: r2.robotKey,
      userId: '7881300000099001',
      name: '二号的客户',
      realRemarks: '',
      remarks: '',
      status: 1,
      isOuterUser: 1,
      mobile: '',
      gender: 2,
      tags: [],
      gmtCreate: fmt(t0),
    });
    const staff = (i: number): SimYjMember => ({ userId: `16888500001${pad(i, 5)}`, name: `同事${i}`, staff: true });
    const cust = (i: number): SimYjMember => {
      const c = this.customers[i % nCust]!;
      return { userId: c.userId, name: c.name, staff: false };
    };
    for (let g = 0; g < nGroups; g++) {
      const members: SimYjMember[] = [
        { userId: r1.wxid, name: r1.nickName, staff: true },
        staff(1),
        staff(2),
        staff(3),
        staff(4),
        staff(5),
        cust(g),
        cust(g + 1),
        cust(g + 2),
      ];
      this.groups.push({
        robotKey: r1.robotKey,
        conversationId: `R:106960000000${pad(g + 1, 5)}`,
        name: g === 0 ? '有机云体验群' : `客户群${g + 1}`,
        ownerId: staff(1).userId,
        members,
        admins: g === 0 ? [staff(2).userId] : [],
        notice: '',
        status: 1,
        createTime: fmt(t0 - (nGroups - g) * 86_400_000),
      });
    }
    this.groups.push({
      robotKey: r2.robotKey,
      conversationId: 'R:10696000000099001',
      name: '二号的群',
      ownerId: r2.wxid,
      members: [{ userId: r2.wxid, name: r2.nickName, staff: true }, staff(9)],
      admins: [],
      notice: '',
      status: 1,
      createTime: fmt(t0),
    });

    // Tag tree: corporate groups with tags, and the personal group. Ids above 2^53.
    let id = 14073750000000001n;
    const next = () => String(id++);
    const group = (name: string, tags: string[], corp = 1, custom = 0): SimYjLabel => {
      const gid = next();
      return {
        labelId: gid,
        labelGroupId: '0',
        name,
        groupName: '',
        isCorpLabel: corp,
        isCustomLabelGroup: custom,
        createTime: fmt(t0 - 30 * 86_400_000),
        sub: tags.map((t) => ({ labelId: next(), labelGroupId: gid, name: t, groupName: name, isCorpLabel: corp, isCustomLabelGroup: 0, createTime: fmt(t0 - 30 * 86_400_000), sub: [] })),
      };
    };
    this.labels = [group('行业', ['教育培训', '消费品', '连锁零售']), group('客户阶段', ['意向', '成交', '复购'])];
    this.personLabel = group('个人标签', ['中间客户', '转出客户'], 0, 1);

    // History: the first group and the first customer's private chat.
    const g0 = this.groups[0]!;
    const gc = this.chat(r1, g0.conversationId);
    for (let i = 0; i < nHistory; i++) {
      const m = g0.members[6 + (i % 3)]!;
      const ts = t0 - (nHistory - i) * 60_000;
      gc.messages.push(this.message(r1, gc, { contactId: m.userId, nickName: m.name, isGroupContact: 1 }, { contentType: 1, content: `历史消息 ${i + 1}` }, ts));
    }
    gc.unreadCount = 4;
    const c0 = this.customers[0]!;
    const pc = this.chat(r1, c0.userId);
    for (let i = 0; i < 3; i++) {
      pc.messages.push(this.message(r1, pc, { contactId: c0.userId, nickName: c0.name, isGroupContact: 0 }, { contentType: 1, content: `你好 ${i + 1}` }, t0 - (3 - i) * 120_000));
    }
    for (const c of this.chats.values()) {
      const last = c.messages.at(-1);
      if (last) {
        c.lastMsgActive = last.timestamp;
        c.pushContent = `${last.from.nickName}：${String(last.content.content ?? '[消息]')}`;
      }
    }
  }

  /** The robot with this robotKey. */
  robotByKey(robotKey: unknown): SimYjRobot | undefined {
    return this.robots.find((r) => r.robotKey === robotKey);
  }

  /** The robot with this wxid (the robot's id inside chatIds). */
  robotByWxid(wxid: string): SimYjRobot | undefined {
    return this.robots.find((r) => r.wxid === wxid);
  }

  /** The group with this conversationId (`R:…`). */
  group(conversationId: unknown): SimYjGroup | undefined {
    return this.groups.find((g) => g.conversationId === conversationId);
  }

  /** The robot's customer with this userId (compared as a string). */
  customer(robotKey: string, userId: unknown): SimYjCustomer | undefined {
    return this.customers.find((c) => c.robotKey === robotKey && c.userId === String(userId));
  }

  /** The chat of `robot` with `peer` (customer id or group `R:` id), created on first use. */
  chat(robot: SimYjRobot, peer: string): SimYjChat {
    const chatId = `S:${robot.wxid}_${peer}`;
    let c = this.chats.get(chatId);
    if (!c) {
      const isGroup = peer.startsWith('R:');
      const name = isGroup ? (this.group(peer)?.name ?? peer) : (this.customer(robot.robotKey, peer)?.name ?? peer);
      c = { chatId, chatUser: peer, chatName: name, robotKey: robot.robotKey, isGroupChat: isGroup ? 1 : 0, lastMsgActive: 0, unreadCount: 0, pushContent: '', messages: [] };
      this.chats.set(chatId, c);
    }
    return c;
  }

  /** Builds (does not store) a message in `chat`, with a platform-style messageId unless `messageId` is given. */
  message(robot: SimYjRobot, chat: SimYjChat, from: Omit<SimYjMessage['from'], 'headImg'> & { headImg?: string }, content: Record<string, unknown>, at: number, messageId?: string): SimYjMessage {
    const id = messageId ?? this.platformMessageId(at);
    const seq = this.nextSeq();
    return {
      messageId: id,
      msgSvrID: String(1_000_000 + seq),
      timestamp: at,
      robotKey: robot.robotKey,
      chatId: chat.chatId,
      chatName: chat.chatName,
      chatUser: chat.chatUser,
      from: { ...from, headImg: from.headImg ?? 'https://media.example.invalid/avatar.png' },
      isGroupChat: chat.isGroupChat,
      content,
      assignTo: ASSIGN_TO,
    };
  }

  /** Every label and sub-label id. */
  labelIds(): Set<string> {
    const out = new Set<string>();
    const walk = (l: SimYjLabel) => {
      out.add(l.labelId);
      l.sub.forEach(walk);
    };
    this.labels.forEach(walk);
    if (this.personLabel) walk(this.personLabel);
    return out;
  }

  /** Records a REST request (keeping the last 2000) and bumps `version`. */
  logRequest(r: SimYjRequestLog): void {
    this.requests.push(r);
    if (this.requests.length > 2_000) this.requests.splice(0, this.requests.length - 2_000);
    this.touch();
  }

  /** Records a socket frame (keeping the last 2000) and bumps `version`. */
  logFrame(f: SimYjFrameLog): void {
    this.frames.push(f);
    if (this.frames.length > 2_000) this.frames.splice(0, this.frames.length - 2_000);
    this.touch();
  }

  /** JSON-friendly view for the admin API and the page. */
  snapshot(): Record<string, unknown> {
    return {
      version: this.version,
      robots: this.robots,
      customers: this.customers,
      groups: this.groups,
      chats: [...this.chats.values()].map((c) => ({ ...c, messages: c.messages.slice(-200) })),
      labels: this.labels,
      personLabel: this.personLabel,
      friendRequests: this.friendRequests,
      tasks: this.tasks,
      settings: this.settings,
      tagOverlaps: this.tagOverlaps,
      tagOps: this.tagOps.slice(-200),
      requests: this.requests.slice(-200),
      frames: this.frames.slice(-300),
    };
  }
}
