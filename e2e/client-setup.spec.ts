// Client setup in the browser: DNS mode answers dig with the configured address; a Messenger
// program dropped on the page comes back patched (only where the names were, same length) with
// hex-editor instructions; a plist chosen on the page comes back with only its server values
// changed; bad files are refused with a reason; and the connection check follows a client live.
import { test, expect, snapshot, startHeadless, type Headless } from './server-fixture';
import type { Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import bplistCreator from 'bplist-creator';
import { parseBuffer } from 'bplist-parser';
import { startFakeUpstream, UPSTREAM_ANSWER, type FakeUpstream } from '../server/test-support/fake-upstream-dns';
import { syntheticBinaryWithoutNames, syntheticMessengerBinary } from '../server/test-support/synthetic-macho';
import { signInMac } from '../server/test-support/mac-client';
import { MsnpTestClient } from '../server/test-support/msnp-client';
import { md5Answer } from '../server/core/md5-signin';
import { request } from '../server/http/testkit';
import { FIND_MEMBERSHIP_BODY, soapRequest } from '../server/http/soap/soapkit';
import { passportLogin } from '../server/test-support/passport-login';
import { missingTool } from '../server/test-support/tools';

/** Without dig the DNS steps skip, naming the package; never a test that waits forever. */
const NO_DIG = missingTool('dig', 'dnsutils');

let upstream: FakeUpstream;
let server: Headless;
test.beforeEach(async () => {
  upstream = await startFakeUpstream();
  server = await startHeadless(['--demo', '--dns-port', '0', '--dns-upstream', `127.0.0.1:${upstream.port}`]);
});
test.afterEach(async () => {
  await server.stop();
  await upstream.close();
});

const dig = (port: number, name: string) =>
  new Promise<string>((resolve, reject) =>
    execFile('dig', ['@127.0.0.1', '-p', String(port), '+short', '+tries=2', '+time=3', name], { timeout: 30_000 }, (e, out) =>
      e ? reject(e) : resolve(out.trim()),
    ),
  );

/** Drops a file on an element the way a person drags one from the Finder. */
async function dropFile(page: Page, target: string, name: string, bytes: Buffer) {
  const dataTransfer = await page.evaluateHandle(
    ({ b64, name }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name));
      return dt;
    },
    { b64: bytes.toString('base64'), name },
  );
  await page.getByRole('button', { name: target }).dispatchEvent('drop', { dataTransfer });
}

async function download(page: Page, button: string): Promise<Buffer> {
  const pending = page.waitForEvent('download');
  await page.getByRole('button', { name: button }).click();
  return fs.readFileSync((await (await pending).path())!);
}

test('DNS mode, the hex patch and the plist tool on the Mac 8 page', async ({ page }) => {
  test.skip(NO_DIG !== undefined, NO_DIG);
  const dnsPort = server.ready.dns!;
  expect(await dig(dnsPort, 'nexus.passport.com')).toBe('127.0.0.1');
  expect(await dig(dnsPort, 'www.example.org')).toBe(UPSTREAM_ANSWER);

  await page.goto(server.ready.panelUrl);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Client setup' }).click();
  await expect(page.getByRole('radio', { name: /Messenger for Mac 8/ })).toHaveAttribute('aria-checked', 'true');
  await page.getByRole('tab', { name: 'DNS mode' }).click();
  await expect(page.getByTestId('dns-state')).toHaveText(`DNS mode on, port ${dnsPort}`);
  await expect(page.getByTestId('dns-server-address')).toHaveText('127.0.0.1');
  await snapshot(page, 'client-setup-mac8', true);

  // The hex patch: drop the program, get back a copy patched only where the names were.
  const { buf, names } = syntheticMessengerBinary();
  await dropFile(page, 'Drop the Messenger program here', 'Microsoft Messenger', buf);
  const result = page.getByRole('region', { name: 'Patch Messenger\'s program instead' });
  await expect(result.getByTestId('patch-message')).toContainText('patched to 127.0.0.1, the file keeps its');
  await expect(result.locator('.patch-table tbody tr')).toHaveCount(names.length);
  for (const n of names) await expect(result.getByText(`0x${n.offset.toString(16).toUpperCase().padStart(8, '0')}`, { exact: true })).toBeVisible();
  await expect(result).toContainText('Butterfly\'s notification server is on port'); // not 1863 in this test
  await result.getByRole('region', { name: 'Patch' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await snapshot(page, 'client-setup-hex-patch');
  const patched = await download(page, 'Download the patched copy');
  expect(patched.length).toBe(buf.length);
  const changed: number[] = [];
  for (let i = 0; i < buf.length; i++) if (buf[i] !== patched[i]) changed.push(i);
  // Every changed byte lies between a name's start and the end of its string.
  const spans = names.map((n) => {
    const step = n.encoding === 'ascii' ? 1 : 2;
    let end = n.offset;
    while (end < buf.length && (step === 1 ? buf[end] !== 0 : buf[end] !== 0 || buf[end + 1] !== 0)) end += step;
    return [n.offset, end] as const;
  });
  expect(changed.length).toBeGreaterThan(0);
  expect(changed.filter((i) => !spans.some(([a, b]) => i >= a && i < b))).toEqual([]);
  const cString = (at: number) => patched.subarray(at, patched.indexOf(0, at)).toString('latin1');
  const nexus = names.find((n) => n.host === 'nexus.passport.com')!;
  expect(cString(nexus.offset - 'https://'.length)).toBe(`https://127.0.0.1:${server.ready.https}/rdr/pprdr.asp`);
  const instructions = (await download(page, 'Download hex-editor instructions')).toString();
  expect(instructions).toContain('codesign --remove-signature');
  expect(instructions).toContain('UNDO');
  for (const n of names.filter((x) => x.encoding === 'ascii' && x.host === 'messenger.hotmail.com')) {
    expect(instructions).toContain(`0x${n.offset.toString(16).toUpperCase().padStart(8, '0')} (${n.offset})`);
  }

  // The plist: choose the file (the other way in), get back one with only the server values changed.
  const prefs = {
    'NS Server': 'messenger.hotmail.com:1863',
    'ABCH Server': 'https://contacts.msn.com/abservice/abservice.asmx',
    'Window Frame': '{{12, 30}, {260, 540}}',
    'Show Offline Contacts': true,
    'Launch Count': 7,
  };
  const plistCard = page.getByRole('region', { name: "Servers cached in Messenger's preferences" });
  await expect(plistCard.getByTestId('plist-path')).toHaveText('~/Library/Preferences/com.microsoft.Messenger.plist');
  await plistCard.locator('input[type=file]').setInputFiles({ name: 'com.microsoft.Messenger.plist', mimeType: 'application/octet-stream', buffer: bplistCreator(prefs) });
  await expect(plistCard.getByRole('region', { name: 'Preferences file' })).toContainText('2 values name a Microsoft server');
  await expect(plistCard.getByTestId('plist-commands')).toContainText(`defaults write com.microsoft.Messenger 'NS Server' -string '127.0.0.1:${server.ready.ns}'`);
  await plistCard.getByRole('table').scrollIntoViewIfNeeded();
  await snapshot(page, 'client-setup-plist');
  const fixed = parseBuffer(await download(page, 'Download the fixed com.microsoft.Messenger.plist'))[0];
  expect(fixed).toEqual({
    ...prefs,
    'NS Server': `127.0.0.1:${server.ready.ns}`,
    'ABCH Server': `https://127.0.0.1:${server.ready.https}/abservice/abservice.asmx`,
  });
});

test('bad files are refused with a reason and make nothing', async ({ page }) => {
  await page.goto(server.ready.panelUrl);
  await page.evaluate(() => (location.hash = '#/setup/mac-6-7'));
  const plistCard = page.getByRole('region', { name: "Servers cached in Messenger's preferences" });
  await expect(plistCard.getByTestId('plist-path')).toHaveText('~/Library/Preferences/Microsoft/com.microsoft.Messenger.plist');
  const hexCard = page.getByRole('region', { name: "Patch Messenger's program instead" });

  // 200 MB, refused from its size before the page reads it (a sparse file: no 200 MB on disk either).
  const big = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-big-')), 'Microsoft Messenger.dmg');
  const fd = fs.openSync(big, 'w');
  fs.ftruncateSync(fd, 200 * 1024 * 1024);
  fs.closeSync(fd);
  await hexCard.locator('input[type=file]').setInputFiles(big);
  await expect(hexCard.getByRole('alert')).toContainText('This file is 200.0 MB; Butterfly reads programs up to 64.0 MB');
  await expect(hexCard.getByRole('button', { name: /Download/ })).toHaveCount(0);
  fs.rmSync(path.dirname(big), { recursive: true, force: true });

  await dropFile(page, 'Drop the Messenger program here', 'Helper', syntheticBinaryWithoutNames());
  await expect(hexCard.getByTestId('patch-message')).toContainText('No Microsoft server name was found in Helper');
  await expect(hexCard.getByRole('button', { name: /Download/ })).toHaveCount(0);

  await dropFile(page, 'Drop com.microsoft.Messenger.plist here', 'notes.txt', Buffer.from('Buy milk'));
  await expect(plistCard.getByRole('alert')).toContainText('This is not a property list');
  await dropFile(page, 'Drop com.microsoft.Messenger.plist here', 'com.microsoft.Messenger.plist', bplistCreator({ 'Show Offline Contacts': true }));
  await expect(plistCard.getByRole('region', { name: 'Preferences file' })).toContainText('No value in this file names a Microsoft server');
  await expect(plistCard.getByRole('button', { name: /Download the fixed/ })).toHaveCount(0);
  await hexCard.scrollIntoViewIfNeeded();
  await snapshot(page, 'client-setup-refused');
});

test('Windows pages offer the hosts file and the .reg file; the connection check follows a client live', async ({ page }) => {
  test.skip(NO_DIG !== undefined, NO_DIG);
  await page.goto(server.ready.panelUrl);
  await page.evaluate(() => (location.hash = '#/setup/msn-5-6'));
  await page.getByRole('tab', { name: 'Hosts file' }).click();
  const hosts = (await download(page, 'Download butterfly-hosts.txt')).toString();
  expect(hosts).toMatch(/\r\n127\.0\.0\.1 +messenger\.hotmail\.com\r\n/);
  expect(hosts).toMatch(/127\.0\.0\.1 +nexus\.passport\.com/);
  const reg = (await download(page, 'Download butterfly-msn-5-6-reset.reg')).toString('latin1');
  expect(reg).toContain('[HKEY_CURRENT_USER\\Software\\Microsoft\\MSNMessenger]\r\n"Server"=-');
  await expect(page.getByText('Nothing from a client yet')).toBeVisible();
  await snapshot(page, 'client-setup-msn5', true);

  // A Mac signs in from "another computer" (here: 127.0.0.1), step by step.
  await page.evaluate(() => (location.hash = '#/setup/mac-8'));
  const check = page.getByRole('region', { name: 'Sign in, and watch each step arrive' });
  await expect(check).toBeVisible();
  await dig(server.ready.dns!, 'messenger.hotmail.com');
  const client = await signInMac({ nsPort: server.ready.ns, httpPort: server.ready.http, email: 'me@local', password: 'butterfly' });
  const step = (id: string) => check.locator(`[data-step="${id}"]`);
  await expect(step('signed-in')).toHaveAttribute('data-state', 'ok');
  // Signed in over plain HTTP (a test client): the steps before it that were not seen were passed, not missing.
  await expect(step('tls')).toHaveAttribute('data-state', 'skipped');
  await expect(check.getByTestId('reached')).toContainText('Got as far as: Signed in.');
  await expect(check.getByTestId('stop-point')).toContainText('Waiting for: Loaded the contact list (address book over SOAP)');
  // Over HTTPS now (the nexus, as the Mac asks it), then the address book.
  await new Promise<void>((resolve, reject) =>
    https.get({ host: '127.0.0.1', port: server.ready.https, path: '/rdr/pprdr.asp', rejectUnauthorized: false }, (r) => r.resume().on('end', resolve)).on('error', reject),
  );
  const ticket = (await passportLogin(server.ready.http, 'me@local', 'butterfly')).fromPP!;
  const ab = await request(server.ready.http, {
    method: 'POST',
    path: '/abservice/SharingService.asmx',
    headers: { Host: 'contacts.msn.com', 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"http://www.msn.com/webservices/AddressBook/FindMembership"' },
    body: soapRequest(FIND_MEMBERSHIP_BODY, { ticketToken: ticket }),
  });
  expect(ab.status).toBe(200);
  for (const id of ['dns', 'ns', 'usr', 'tls', 'nexus', 'passport', 'signed-in', 'soap']) await expect(step(id)).toHaveAttribute('data-state', 'ok');
  await expect(check.getByTestId('stop-point')).toContainText('All the way through');
  await expect(check).toContainText('macmsgs 8.0.1');

  // Two more families from the same computer, each its own progress: MSN 4.7 with an account that
  // does not exist, MSN 5 with a wrong password. Neither is blamed on TLS or DNS, nor mixed with the Mac.
  const ns = await MsnpTestClient.connect(server.ready.ns);
  ns.send('VER 1 MSNP7 CVR0');
  await ns.nextLine();
  ns.send('USR 2 MD5 I nobody@local');
  const salt = (await ns.nextLine()).slice('USR 2 MD5 S '.length);
  ns.send(`USR 3 MD5 S ${md5Answer(salt, 'whatever')}`);
  expect(await ns.nextLine()).toBe('911 3');
  ns.close();
  const msn5 = await MsnpTestClient.connect(server.ready.ns);
  msn5.send('VER 1 MSNP8 CVR0');
  await msn5.nextLine();
  msn5.send('CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 5.0.0544 MSMSGS me@local');
  await msn5.until('CVR 2 ');
  msn5.send('USR 3 TWN I me@local');
  const twn = (await msn5.until('USR 3 TWN S ')).line.slice('USR 3 TWN S '.length);
  expect((await passportLogin(server.ready.http, 'me@local', 'not-the-password', twn)).status).toBe(401);
  msn5.close();

  const family = (id: string) => check.locator(`section.client-check[data-family="${id}"]`);
  await expect(family('msn-1-4').getByTestId('stop-point')).toHaveText(
    'Then failed: Signed in. No such account nobody@local: create it in Accounts (or check the address typed in Messenger)',
  );
  await expect(family('msn-1-4')).toContainText('MSN Messenger 1.0–4.7');
  await expect(family('msn-1-4').getByTestId('reached')).toHaveText('Got as far as: Started signing in (USR MD5).');
  await expect(family('msn-5-6').getByTestId('stop-point')).toContainText(
    'Then failed: Passport sign-in (login2.srf). Passport login (login2.srf): 401 — wrong password for me@local: type it again in Messenger, or set a new one in Accounts',
  );
  await expect(family('msn-5-6').getByTestId('stop-point')).not.toContainText(/certificate|TLS|DNS/);
  await expect(family('mac-8').getByTestId('stop-point')).toContainText('All the way through');
  await expect(check.locator('section.client-check')).toHaveCount(3);
  await check.scrollIntoViewIfNeeded();
  await snapshot(page, 'client-setup-check');
  client.close();
  await check.getByRole('button', { name: 'Start over' }).click();
  await expect(page.getByText('Nothing from a client yet')).toBeVisible();
});
