import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contactRows, groupContacts } from './group-contacts';
import type { ContactInfo } from '../../../../server/panel/contract';

const c = (email: string, lists: string[], groups: string[] = [], status: ContactInfo['status'] = 'NLN'): ContactInfo => ({
  email,
  displayName: email.split('@')[0]!,
  lists,
  status,
  psm: '',
  groups,
  ownStatus: status,
  signedIn: false,
});

test('groups first, then Other Contacts, then people only on other lists; online first within each', () => {
  const sections = groupContacts(
    [c('zed@lan', ['FL', 'AL'], ['g1'], 'FLN'), c('amy@lan', ['FL', 'AL'], ['g1']), c('bob@lan', ['FL']), c('fan@lan', ['RL'])],
    [{ id: 'g1', name: 'Friends' }, { id: 'g2', name: 'Work' }],
  );
  assert.deepEqual(
    sections.map((s) => [s.title, s.contacts.map((x) => x.email), s.online]),
    [
      ['Friends', ['amy@lan', 'zed@lan'], 1],
      ['Work', [], 0],
      ['Other Contacts', ['bob@lan'], 1],
      ['Not on the contact list', ['fan@lan'], 1],
    ],
  );
});

test('an empty list still has its Other Contacts section', () => {
  assert.deepEqual(groupContacts([], []).map((s) => s.title), ['Other Contacts']);
});

test('as rows for the windowed list: each title, its contacts (or "nobody"), keys unique even for a contact in two groups', () => {
  const rows = contactRows(
    [c('amy@lan', ['FL', 'AL'], ['g1', 'g2']), c('bob@lan', ['FL']), c('fan@lan', ['RL'])],
    [{ id: 'g1', name: 'Friends' }, { id: 'g2', name: 'Work' }, { id: 'g3', name: 'Empty' }],
  );
  assert.deepEqual(
    rows.map((r) => r.key),
    ['g1#', 'g1:amy@lan', 'g2#', 'g2:amy@lan', 'g3#', 'g3#empty', 'other#', 'other:bob@lan', 'not-on-fl#', 'not-on-fl:fan@lan'],
  );
  assert.deepEqual(rows.map((r) => r.kind).slice(4, 6), ['title', 'empty']);
});

test('within a section by name, whatever its case; the same name by address', () => {
  const named = (email: string, displayName: string): ContactInfo => ({ ...c(email, ['FL']), displayName });
  const [other] = groupContacts([named('b@lan', 'bob'), named('z@lan', 'Amy'), named('a@lan', 'amy'), named('c@lan', 'Carl')], []);
  assert.deepEqual(other!.contacts.map((x) => x.email), ['a@lan', 'z@lan', 'b@lan', 'c@lan']);
});
