// "Someone added you" in each generation's words: ADD 0 RL (MSNP8-9), ADC 0 RL (MSNP10-12),
// ADL 0 with l="8" followed by the ABCHInternal NOT (MSNP13+).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { negotiate } from './index';
import { abchNotice } from './msnp13';
import { cidOf } from '../../http/soap/ids';
import { parseXml, textAt } from '../../xml/xml';
import type { User } from '../../core/model';

const dialectFor = (n: number) => negotiate([`MSNP${n}`]);
const beth = { id: 7, email: 'beth@lan', guid: '9c1f2e3d-4b5a-6978-8a9b-0c1d2e3f4a5b', friendlyName: 'Beth' } as User;

test('each dialect tells the added user its own way', () => {
  assert.deepEqual(dialectFor(8)!.reverseListChange(true, 'mac@lan', 'Mac Mini', 12, beth), [{ line: 'ADD 0 RL 12 mac@lan Mac%20Mini' }]);
  assert.deepEqual(dialectFor(11)!.reverseListChange(true, 'mac@lan', 'Mac Mini', 12, beth), [{ line: 'ADC 0 RL N=mac@lan F=Mac%20Mini' }]);
  const [adl, not] = dialectFor(15)!.reverseListChange(true, 'mac@lan', 'Mac & Co', 12, beth);
  const added = '<ml><d n="lan"><c n="mac" t="1" l="8" f="Mac%20%26%20Co" /></d></ml>';
  assert.deepEqual(adl, { line: `ADL 0 ${added.length}`, payload: added });
  assert.match(not!.line, /^NOT \d+$/);
  const [rml, not2] = dialectFor(13)!.reverseListChange(false, 'mac@lan', 'Mac', 13, beth);
  const removed = '<ml><d n="lan"><c n="mac" t="1" l="8" /></d></ml>';
  assert.deepEqual(rml, { line: `RML 0 ${removed.length}`, payload: removed });
  assert.match(not2!.line, /^NOT \d+$/);
});

test('the NOT: pid from the member id halves (low first), the CID the address book uses, byte length right', () => {
  const not = abchNotice(beth, Date.UTC(2026, 10, 20, 22, 48, 38, 424));
  assert.equal(not.line, `NOT ${Buffer.byteLength(not.payload!)}`);
  const doc = parseXml(not.payload!);
  assert.equal(doc.name, 'NOTIFICATION');
  assert.deepEqual(doc.attrs, { id: '0', siteid: '45705', siteurl: 'http://contacts.msn.com' });
  const to = doc.children[0]!;
  assert.deepEqual(to.attrs, { pid: '0x4b5a6978:0x9c1f2e3d', name: 'beth@lan' });
  const data = parseXml(textAt(doc, 'MSG', 'BODY')!);
  assert.equal(textAt(data, 'Service'), 'ABCHInternal');
  assert.equal(textAt(data, 'CID'), cidOf(beth.guid));
  assert.equal(textAt(data, 'LastModifiedDate'), '2026-11-20T22:48:38.4240000Z');
  assert.equal(textAt(data, 'HasNewItem'), 'false');
});
