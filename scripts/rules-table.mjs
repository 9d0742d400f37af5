#!/usr/bin/env node
// Prints the JD ME rule table as Markdown, generated from `jdmeRules()` (the Rust table in
// src/jdme/rules/table.rs, in reporting order), for docs/jdme-outbound.zh.md and the README.
//   node scripts/rules-table.mjs              the rules (id, stage, limit, code, profiles, endpoints, basis)
//   node scripts/rules-table.mjs --endpoints  the endpoints (path, token, robotId, destination, quotas)
// Needs a build (`bash scripts/build.sh`): it imports the package as users do.
import { jdmeRules, jdmeEndpoints } from 'robotwire';

const STAGE = { structure: '结构', interception: '拦截（内容/范围）', limit: '接口限制', stateful: '有状态（配额/频率）' };
const PROFILE = { alarm: '系统报警', todo: '工作待办', consult: '咨询问答' };
const UNIT = { utf16CodeUnits: 'UTF-16 码元', utf8Bytes: '字节', items: '个', requests: '次' };
const TOKEN = { none: '无', team: 'team_access_token', user: 'user_access_token' };
const ROBOT_ID = { none: '—', top: '顶层', params: 'params', both: '顶层 + params' };
const DESTINATION = {
  target: 'erp+tenantId 或 groupId（二选一）',
  group: 'groupId',
  operator: '可选 erp（操作人）',
  user: 'erp+tenantId',
  none: '—',
};

/** Table cells: one line, pipes escaped. */
const cell = (v) => String(v ?? '').replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();

function duration(ms) {
  const units = [
    [86_400_000, '天'],
    [3_600_000, '小时'],
    [60_000, '分钟'],
    [1000, '秒'],
  ];
  for (const [size, name] of units) if (ms % size === 0) return `${ms / size === 1 ? '' : ms / size + ' '}${name}`;
  return `${ms} 毫秒`;
}

function limit(r) {
  if (r.limit === undefined) return '—';
  const n = r.limit >= 10_000 ? r.limit.toLocaleString('en-US') : String(r.limit);
  const unit = UNIT[r.unit] ?? '';
  return r.windowMs === undefined ? `${n} ${unit}` : `${n} ${unit} / ${duration(r.windowMs)}`;
}

function endpoints(r, all) {
  if (r.suite && r.endpoints.length === all) return '全部（含套件接口）';
  if (r.endpoints.length === all) return '全部已文档化接口';
  return r.endpoints.map((e) => `\`${e}\``).join(', ');
}

function rulesTable() {
  const documented = jdmeEndpoints().filter((e) => e.documented).length;
  const head = ['#', '规则 id', '阶段', '限制', '平台码', '业务类型', '适用接口', '说明', '依据（种子原文）'];
  const rows = jdmeRules().map((r, i) => [
    i + 1,
    `\`${r.id}\``,
    STAGE[r.stage] ?? r.stage,
    limit(r),
    r.platformCode ?? '—',
    r.profiles.length ? r.profiles.map((p) => PROFILE[p] ?? p).join('、') : '全部',
    endpoints(r, documented),
    r.summary,
    r.source,
  ]);
  return [head, head.map(() => '---'), ...rows].map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n');
}

function endpointsTable() {
  const head = ['接口', '路径', '令牌（authorization: Bearer …）', 'robotId 位置', '目的地', '配额'];
  const rows = jdmeEndpoints()
    .filter((e) => e.documented)
    .map((e) => [
      `\`${e.name}\``,
      `\`${e.path}\``,
      TOKEN[e.token] ?? e.token,
      ROBOT_ID[e.robotId] ?? e.robotId,
      DESTINATION[e.destination] ?? e.destination,
      e.quotas.length ? e.quotas.map((q) => `${q.limit} 次 / ${duration(q.windowMs)}`).join('，') : '—',
    ]);
  return [head, head.map(() => '---'), ...rows].map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n');
}

const arg = process.argv[2];
if (arg !== undefined && arg !== '--endpoints') {
  process.stderr.write('usage: node scripts/rules-table.mjs [--endpoints]\n');
  process.exitCode = 1;
} else {
  process.stdout.write((arg === '--endpoints' ? endpointsTable() : rulesTable()) + '\n');
}
