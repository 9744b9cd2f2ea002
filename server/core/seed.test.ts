// npm run seed's data: the accounts, lists, groups and watchers it promises, made through the core
// (reverse lists kept in step), and a second run over the same folder adds nothing twice.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Core } from './core';
import { List } from './model';
import { benchEmail, seed, STAR } from './seed';
import { verifyPassword } from './passwords';

test('seed makes N accounts with K contacts each, groups and watchers of star', async () => {
  const core = Core.open(':memory:');
  await seed(core, { accounts: 5, contacts: 2, groups: true, watchers: 3, password: 'pw-seed' });
  const id = (i: number) => core.users.byEmail(benchEmail(i))!.id;
  const star = core.users.byEmail(STAR)!;
  assert.equal(core.users.all().length, 6);
  // bench0 has bench1 and bench2 (the next two) and star on FL+AL; bench3 and bench4 have bench0
  // on their FL, so bench0 has them on RL, and on PL ("has added you") as bench0 never answered.
  const of0 = core.lists.entries(id(0)).map((e) => [e.email, e.lists]);
  assert.deepEqual(of0, [
    [benchEmail(1), List.FL | List.AL],
    [benchEmail(2), List.FL | List.AL],
    [benchEmail(3), List.RL | List.PL],
    [benchEmail(4), List.RL | List.PL],
    [STAR, List.FL | List.AL],
  ]);
  assert.deepEqual(core.lists.entry(star.id, id(0))?.lists, List.AL | List.RL);
  for (const e of core.lists.entries(id(0))) if (e.lists & List.FL) assert.equal(e.groups.length, 1, e.email);
  assert.deepEqual(core.lists.ownersWith(star.id, List.FL).sort(), [id(0), id(1), id(2)].sort());
  assert.equal(await verifyPassword('pw-seed', core.users.passwordHash(id(4))!), true);
  await seed(core, { accounts: 5, contacts: 2, groups: true, watchers: 3, password: 'pw-seed' });
  assert.equal(core.users.all().length, 6);
  assert.equal(core.groups.all(id(0)).length, 3);
  core.close();
});
