// The MSN object of a panel-driven account and the lookup an INVITE's Context goes through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Core } from './core';
import { parseMsnObject } from './msn-object';

const sha1 = (s: Buffer | string) => createHash('sha1').update(s).digest('base64');

test('MSN object fields and SHA1C; lookups by SHA1D, stale ones refused, MSNPSharp 2.5.8\'s "+" read as a space', async () => {
  const core = Core.open(':memory:');
  const bob = await core.directory.createAccount('bob@local', 'password1', 'Bob');
  // Picture bytes whose SHA-1 has a "+" in base64, as MSNPSharp 2.5.8 mangles it.
  let png = Buffer.alloc(0);
  for (let i = 0; !sha1(png).includes('+'); i++) png = Buffer.from(`picture ${i}`);
  const events: { picture?: string }[] = [];
  core.events.on('presence', (e) => events.push(e));
  const xml = core.pictures.set(bob, png);
  const d = sha1(png);
  const c = sha1(`Creatorbob@localSize${png.length}Type3LocationTFR2C2.tmpFriendlyAAA=SHA1D${d}`);
  assert.equal(xml, `<msnobj Creator="bob@local" Size="${png.length}" Type="3" Location="TFR2C2.tmp" Friendly="AAA=" SHA1D="${d}" SHA1C="${c}"/>`);
  assert.equal(core.presence.snapshot(bob.id)!.msnObject, xml, 'carried in the account\'s presence');
  assert.deepEqual(parseMsnObject(xml), { creator: 'bob@local', type: 3, sha1d: d });
  assert.ok(core.pictures.find('bob@local', d)?.equals(png));
  assert.ok(core.pictures.find('BOB@local', d.replace(/\+/g, ' '))?.equals(png), 'the object as MSNPSharp 2.5.8 sends it back');
  core.pictures.set(bob, Buffer.from('another picture'));
  assert.equal(core.pictures.find('bob@local', d), undefined, 'the old picture is stale');
  assert.equal(core.pictures.find('nobody@local', d), undefined);
  assert.equal(core.pictures.remove(bob), true);
  assert.equal(core.presence.snapshot(bob.id)!.msnObject, '');
  // The panel hears each change, with the picture's SHA1D (none once removed).
  assert.deepEqual(events.map((e) => e.picture), [d, sha1('another picture'), undefined]);
  // A deleted account's picture does not pass to the next account given its id.
  core.pictures.set(bob, png);
  core.directory.deleteAccount(bob.id);
  const carol = await core.directory.createAccount('carol@local', 'password1', 'Carol');
  assert.equal(carol.id, bob.id, 'SQLite gave the id again');
  assert.equal(core.presence.snapshot(carol.id)!.msnObject, '');
  assert.equal(core.pictures.png(carol.id), undefined);
  core.close();
});
