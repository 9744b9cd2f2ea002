// One account, two generations of client: what Messenger for Mac does to the address book over
// SOAP is what MSN 7 (MSNP11, server-side lists) gets in SYN, and what MSN 7 changes with
// ADC/REM/REG/SBP is what the Mac's next delta sync reports.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { passportLogin } from '../../test-support/passport-login';
import { request } from '../testkit';
import { parseXml, textAt, type XmlElement } from '../../xml/xml';
import { AB_FIND_ALL_BODY, FIND_MEMBERSHIP_BODY, soapRequest } from './soapkit';
import {
  abFindAllDelta,
  contactAddBody,
  contactChanges,
  contactUpdateBody,
  findMembershipDelta,
  groupAddBody,
  groupChanges,
  groupContactBody,
  lastChangeOf,
  memberBody,
  membershipChanges,
} from './ab-requests';

type App = Awaited<ReturnType<typeof startTestServer>>;
let app: App;
before(async () => {
  app = await startTestServer();
  for (const n of ['dual', 'xena', 'yuri', 'zoe']) await app.core.directory.createAccount(`${n}@lan`, 'pw', n[0]!.toUpperCase() + n.slice(1));
});
after(() => app.cleanup());

async function soap(ticket: string, action: string, body: string): Promise<XmlElement> {
  const sharing = action === 'FindMembership' || action.endsWith('Member');
  const res = await request(app.ports.http, {
    method: 'POST',
    path: sharing ? '/abservice/SharingService.asmx' : '/abservice/abservice.asmx',
    headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `http://www.msn.com/webservices/AddressBook/${action}` },
    body: soapRequest(body, { ticketToken: ticket }),
  });
  assert.equal(res.status, 200, `${action}: ${res.body}`);
  return parseXml(res.body);
}

test('the Mac edits over SOAP, MSN 7 reads SYN; MSN 7 edits, the Mac reads deltas', async () => {
  const t = (await passportLogin(app.ports.http, 'dual@lan', 'pw')).fromPP!;
  await soap(t, 'ABContactAdd', contactAddBody(['xena@lan']));
  const groupId = textAt(await soap(t, 'ABGroupAdd', groupAddBody('Work')), 'Body', 'ABGroupAddResponse', 'ABGroupAddResult', 'guid')!;
  const xenaGuid = textAt(await soap(t, 'ABGroupContactAdd', groupContactBody('ABGroupContactAdd', groupId, { email: 'xena@lan' })), 'Body', 'ABGroupContactAddResponse', 'ABGroupContactAddResult', 'guid');
  assert.ok(xenaGuid);
  await soap(t, 'ABContactUpdate', contactUpdateBody([{ contactId: xenaGuid!, displayName: 'Xena W' }]));
  await soap(t, 'AddMember', memberBody('AddMember', 'Block', [{ email: 'yuri@lan' }]));
  const abChange = lastChangeOf(await soap(t, 'ABFindAll', AB_FIND_ALL_BODY));
  const fmChange = lastChangeOf(await soap(t, 'FindMembership', FIND_MEMBERSHIP_BODY));

  const win = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'dual@lan', password: 'pw', version: 'MSNP11' });
  win.send('SYN 20 0 0');
  const lines: string[] = [];
  for (;;) {
    const l = (await win.next()).line;
    lines.push(l);
    if (l.startsWith('LST N=yuri')) break;
  }
  assert.ok(lines.includes(`LSG Work ${groupId}`), lines.join('\n'));
  assert.ok(lines.includes(`LST N=xena@lan F=Xena%20W C=${xenaGuid} 3 ${groupId}`), lines.join('\n'));
  assert.ok(lines.includes('LST N=yuri@lan 4'), lines.join('\n'));

  win.send('ADC 21 FL N=zoe@lan F=zoe@lan');
  const zoe = (await win.take('ADC 21 FL')).line;
  const zoeGuid = /C=(\S+)/.exec(zoe)![1]!;
  win.send(`SBP 22 ${zoeGuid} MFN Zoe%20Z`);
  await win.take('SBP 22');
  win.send(`REM 23 FL ${xenaGuid}`);
  await win.take('REM 23');
  win.send(`REG 24 ${groupId} Job`);
  await win.take('REG 24');
  win.send('REM 25 BL yuri@lan');
  await win.take('REM 25');
  win.close();

  const ab = await soap(t, 'ABFindAll', abFindAllDelta(abChange));
  assert.deepEqual(contactChanges(ab), ['zoe@lan', '-xena@lan']);
  assert.deepEqual(groupChanges(ab), ['Job']);
  assert.match(JSON.stringify(ab), /Zoe Z/);
  assert.deepEqual(membershipChanges(await soap(t, 'FindMembership', findMembershipDelta(fmChange))), { Block: ['-yuri@lan'] });
});
