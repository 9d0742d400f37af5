// No table from Rust is copied by hand into js/src (issue 12): js/src/generated/*.ts are written
// by `cargo run --bin gen-tables` (tests/generated_tables.rs checks they are current), and this
// test fails when the rest of js/src spells out three or more members of one of their sets in one
// array, object, union type or (for mappings) switch: endpoint names and paths, event types,
// profiles, error categories, rule ids and codes, 有机云 endpoints, kinds, action types, statuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { ROOT } from './packed.mjs';

const SRC = join(ROOT, 'js/src');
const GENERATED = join(SRC, 'generated');

/**
 * Lists that name table members but are not copies of a Rust table, each with the reason.
 * `file:name`, where name is the variable, type or function holding the literal.
 */
const ALLOWED = new Map([
  // Which documented answers carry `success`: the simulator's reading of the response examples;
  // Rust has no such column.
  ['sim/jdme/timline.ts:WITH_SUCCESS', 'response examples, not a Rust table'],
]);

const parse = (file, text = readFileSync(file, 'utf8')) => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);

/** A string or number literal's value, else undefined. */
function literalValue(node) {
  if (!node) return undefined;
  if (ts.isStringLiteralLike(node) || ts.isNumericLiteral(node)) return node.text;
  if (ts.isLiteralTypeNode(node)) return literalValue(node.literal);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) return `-${node.operand.text}`;
  return undefined;
}

function propertyName(name) {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/**
 * The sets of js/src/generated: every union type (`JdmeEndpointName`), every column of a row
 * table (`JDME_ENDPOINT_ROWS.path`) and the keys and values of every record
 * (`YJIYUN_STATUS_BY_CODE`); records are mappings, so a switch over their keys counts too.
 */
export function generatedSets(dir = GENERATED) {
  const sets = [];
  const add = (name, values, mapping = false) => {
    const v = new Set(values.filter((x) => x !== undefined));
    if (v.size >= 3) sets.push({ name, values: v, mapping });
  };
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const sf = parse(join(dir, f));
    for (const st of sf.statements) {
      if (ts.isTypeAliasDeclaration(st) && ts.isUnionTypeNode(st.type)) add(st.name.text, st.type.types.map(literalValue));
      if (!ts.isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations) {
        let init = d.initializer;
        while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init))) init = init.expression;
        if (!init) continue;
        const name = d.name.getText(sf);
        if (ts.isArrayLiteralExpression(init)) {
          add(name, init.elements.map(literalValue));
          const columns = new Map();
          for (const row of init.elements.filter(ts.isObjectLiteralExpression)) {
            for (const p of row.properties.filter(ts.isPropertyAssignment)) {
              const values = ts.isArrayLiteralExpression(p.initializer) ? p.initializer.elements.flatMap((e) => (ts.isObjectLiteralExpression(e) ? e.properties.filter(ts.isPropertyAssignment).map((q) => literalValue(q.initializer)) : [literalValue(e)])) : [literalValue(p.initializer)];
              const key = propertyName(p.name);
              columns.set(key, [...(columns.get(key) ?? []), ...values]);
            }
          }
          for (const [key, values] of columns) add(`${name}.${key}`, values);
        } else if (ts.isObjectLiteralExpression(init)) {
          const props = init.properties.filter(ts.isPropertyAssignment);
          add(`${name} keys`, props.map((p) => propertyName(p.name)), true);
          add(`${name} values`, props.map((p) => literalValue(p.initializer)));
        }
      }
    }
  }
  return sets;
}

/** What holds a node: the nearest named variable, type, function, method or property. */
function holder(node) {
  for (let n = node.parent; n; n = n.parent) {
    if ((ts.isVariableDeclaration(n) || ts.isTypeAliasDeclaration(n) || ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isPropertyDeclaration(n) || ts.isPropertySignature(n) || ts.isInterfaceDeclaration(n)) && n.name) return n.name.getText();
  }
  return '(top level)';
}

/** Every literal in `sourceFile` naming ≥ 3 members of one generated set: `{ where, set, members }`. */
export function handCopies(sourceFile, sets) {
  const found = [];
  const check = (node, values, forMappings = false) => {
    const present = new Set(values.filter((v) => v !== undefined));
    // One finding per literal: the set it copies most of, the others named alongside.
    const hits = sets
      .filter((s) => !forMappings || s.mapping)
      .map((s) => ({ set: s.name, members: [...present].filter((v) => s.values.has(v)) }))
      .filter((h) => h.members.length >= 3)
      .sort((a, b) => b.members.length - a.members.length);
    if (hits.length === 0) return;
    const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    const set = hits.map((h) => h.set).join(' / ');
    found.push({ where: `${sourceFile.fileName}:${line + 1}`, name: holder(node), set, members: hits[0].members });
  };
  const visit = (node) => {
    if (ts.isArrayLiteralExpression(node)) check(node, node.elements.map(literalValue));
    else if (ts.isUnionTypeNode(node)) check(node, node.types.map(literalValue));
    else if (ts.isObjectLiteralExpression(node)) {
      // Data, not dispatch: keys whose value is a literal (a handler table maps names to code).
      const data = node.properties.filter((p) => ts.isPropertyAssignment(p) && (literalValue(p.initializer) !== undefined || ts.isArrayLiteralExpression(p.initializer) || ts.isObjectLiteralExpression(p.initializer) || p.initializer.kind === ts.SyntaxKind.TrueKeyword || p.initializer.kind === ts.SyntaxKind.FalseKeyword));
      check(node, data.map((p) => propertyName(p.name)));
      check(node, node.properties.filter(ts.isPropertyAssignment).map((p) => literalValue(p.initializer)));
    } else if (ts.isSwitchStatement(node)) check(node, node.caseBlock.clauses.filter(ts.isCaseClause).map((c) => literalValue(c.expression)), true);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function sources(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .filter((f) => !f.startsWith(GENERATED + '/'))
    .sort();
}

test('the generated modules carry their header and the sets this test looks for', () => {
  for (const f of readdirSync(GENERATED)) {
    assert.match(readFileSync(join(GENERATED, f), 'utf8'), /^\/\/ Generated by `cargo run --bin gen-tables` from src\/\S+\.rs(, src\/\S+\.rs)*; do not edit\.\n/, f);
  }
  const names = generatedSets().map((s) => s.name);
  for (const n of ['JdmeEndpointName', 'JDME_ENDPOINT_ROWS.path', 'JdmeEventType', 'JdmeProfile', 'JdmeErrorCategory', 'JdmeRuleId', 'JDME_RULE_ROWS.platformCode', 'YjiyunEndpoint', 'YJIYUN_ENDPOINT_ROWS.path', 'YjiyunActionType', 'YjiyunStatus', 'YJIYUN_STATUS_BY_CODE keys', 'YjiyunRuleId']) {
    assert.ok(names.includes(n), `${n} not among ${names.join(', ')}`);
  }
});

test('the scan finds a hand copy in every form it looks at', () => {
  const sets = generatedSets();
  const sample = parse(
    'sample.ts',
    [
      "const NAMES = ['sendRobotMsg', 'createGroup', 'withdrawMsg'];",
      "const USER = new Set(['doTopNotice', 'cancelTopNotice', 'transferGroupOwner']);",
      "const FORMATS = { 'client/auth': 'form', 'robot/list': 'form', bridge: 'json' };",
      "type Events = 'chat_message' | 'chat_quit' | 'chat_disband';",
      'const CODES = [20100009, 20100010, 20100011];',
      "function status(c: string) { switch (c) { case '0': return 'ok'; case '1000': return 'auth_failed'; case '5000': return 'busy'; default: return 'error'; } }",
      // Not copies: a dispatch table of handlers, and a switch routing on endpoint names.
      'const handlers = { sendRobotMsg() {}, createGroup() {}, withdrawMsg() {} };',
      "function route(e: string) { switch (e) { case 'sendRobotMsg': case 'createGroup': case 'withdrawMsg': return 1; } }",
    ].join('\n'),
  );
  const found = handCopies(sample, sets);
  assert.deepEqual([...new Set(found.map((f) => f.name))].sort(), ['CODES', 'Events', 'FORMATS', 'NAMES', 'USER', 'status']);
});

test('js/src outside js/src/generated holds no hand-written copy of a generated table', () => {
  const sets = generatedSets();
  const found = [];
  for (const f of sources(SRC)) {
    for (const c of handCopies(parse(f), sets)) {
      const key = `${relative(SRC, f)}:${c.name}`;
      if (!ALLOWED.has(key)) found.push(`${relative(ROOT, c.where)} (${c.name}): ${c.members.length} of ${c.set}: ${c.members.join(', ')}`);
    }
  }
  assert.deepEqual(found, [], `import these from js/src/generated/ instead of copying them:\n${found.join('\n')}`);
});

test('every allowance still matches a list (no stale exceptions)', () => {
  const sets = generatedSets();
  const seen = new Set();
  for (const f of sources(SRC)) for (const c of handCopies(parse(f), sets)) seen.add(`${relative(SRC, f)}:${c.name}`);
  for (const key of ALLOWED.keys()) assert.ok(seen.has(key), `${key} no longer names table members: remove it from ALLOWED`);
});
