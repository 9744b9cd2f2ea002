// Windows Live Messenger 8.5 (MSNP15) and the 2009 beta (MSNP16) signing in with SSO: RST.srf hands
// out the messengerclear ticket and its proof key; the NS challenges with MBI_KEY_OLD and checks the
// client's blob. WLM 2009 itself (14.0, MSNP18 through RST2.srf) is in wlm2009-signin.test.ts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { MsnpTestClient } from '../../test-support/msnp-client';
import { compactToken, postRst, rstRequestXml, tokenResponses, WLM_SSO_TOKENS } from '../../http/rst-testkit';
import { path } from '../../xml/xml';
import { ssoBlob } from '../sso';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
before(async () => {
  app = await startTestServer();
  await app.core.directory.createAccount('wlm@lan', 'wlm-pw', 'WLM User');
});
after(async () => {
  await app.cleanup();
});

/** RST.srf as WLM asks it: the messengerclear ticket and its 24-byte proof key. */
async function tokens() {
  const { doc } = await postRst(app.ports.http, '/RST.srf', rstRequestXml('wlm@lan', 'wlm-pw', WLM_SSO_TOKENS));
  const clear = tokenResponses(doc).find((r) => path(r, 'AppliesTo', 'EndpointReference', 'Address')?.text === 'messengerclear.live.com');
  return {
    ticket: compactToken(doc, 'messengerclear.live.com')!,
    key: Buffer.from(path(clear, 'RequestedProofToken', 'BinarySecret')!.text, 'base64'),
  };
}

async function challenge(version: 'MSNP15' | 'MSNP16') {
  const c = await MsnpTestClient.connect(app.ports.ns);
  c.send(`VER 1 ${version} CVR0`);
  await c.until('VER 1');
  c.send('CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 8.5.1302 BC01 wlm@lan');
  await c.until('CVR 2');
  c.send('USR 3 SSO I wlm@lan');
  assert.match((await c.next()).line, /^GCF 0 \d+$/);
  const line = await c.nextLine();
  const m = /^USR 3 SSO S MBI_KEY_OLD (\S{64})$/.exec(line);
  assert.ok(m, line);
  return { c, nonce: m[1]! };
}

test('WLM 8.5 (MSNP15) and the WLM 2009 beta (MSNP16, with its machine GUID) sign in with SSO', async () => {
  for (const version of ['MSNP15', 'MSNP16'] as const) {
    const { c, nonce } = await challenge(version);
    const { ticket, key } = await tokens();
    const guid = version === 'MSNP16' ? ' {765E4FFC-ECC6-4136-B4A0-A40FFBC55BE8}' : '';
    c.send(`USR 4 SSO S ${ticket} ${ssoBlob(key, nonce)}${guid}`);
    assert.equal(await c.nextLine(), 'USR 4 OK wlm@lan 1 0', version);
    assert.equal(await c.nextLine(), 'SBS 0 null');
    c.close();
  }
});

test('a blob made with another key, a replayed nonce or none at all on MSNP16 is refused with 911', async () => {
  const wrongKey = await challenge('MSNP16');
  const t1 = await tokens();
  wrongKey.c.send(`USR 4 SSO S ${t1.ticket} ${ssoBlob(Buffer.alloc(24, 7), wrongKey.nonce)} {765E4FFC-ECC6-4136-B4A0-A40FFBC55BE8}`);
  assert.equal(await wrongKey.c.nextLine(), '911 4');
  await wrongKey.c.waitClosed();

  const replay = await challenge('MSNP16');
  const t2 = await tokens();
  replay.c.send(`USR 4 SSO S ${t2.ticket} ${ssoBlob(t2.key, wrongKey.nonce)} {765E4FFC-ECC6-4136-B4A0-A40FFBC55BE8}`);
  assert.equal(await replay.c.nextLine(), '911 4', 'the blob answers an older challenge');
  await replay.c.waitClosed();

  const none = await challenge('MSNP16');
  const t3 = await tokens();
  none.c.send(`USR 4 SSO S ${t3.ticket}`);
  assert.equal(await none.c.nextLine(), '911 4');
  await none.c.waitClosed();

  // SSO is not an MSNP14 sign-in method.
  const old = await MsnpTestClient.connect(app.ports.ns);
  old.send('VER 1 MSNP14 CVR0');
  await old.until('VER 1');
  old.send('USR 3 SSO I wlm@lan');
  assert.equal(await old.nextLine(), '911 3');
  await old.waitClosed();
});
