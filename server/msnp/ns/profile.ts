// What the server sends right after sign-in: the profile message and the GCF policy document.
import { createHash } from 'node:crypto';
import type { Dialect } from '../dialects/dialect';
import type { User } from '../../core/model';

/**
 * The initial profile ("MSG Hotmail Hotmail <len>", text/x-msmsgsprofile). MSPAuth is the ticket the
 * client signed in with: MSNP13-14 clients and Messenger for Mac send it back as the MSPAuth cookie
 * to the address book.
 */
export function profileMessage(d: Dialect, user: User, ticket: string, clientIp: string, clientPort: number, hasMachineGuid = false): string {
  const memberId = BigInt('0x' + user.guid.replace(/-/g, '').slice(0, 16));
  const fields: [string, string | number][] = [
    ['LoginTime', Math.floor(Date.now() / 1000)],
    ['EmailEnabled', 0],
    ['MemberIdHigh', Number(memberId >> 32n)],
    ['MemberIdLow', Number(memberId & 0xffffffffn)],
    ['lang_preference', 1033],
    ['preferredEmail', ''],
    ['country', ''],
    ['PostalCode', ''],
    ['Gender', ''],
    ['Kid', 0],
    ['Age', ''],
    ['BDayPre', ''],
    ['Birthday', ''],
    ['Wallet', ''],
    ['Flags', 536872513],
    ['sid', 507],
    ['MSPAuth', `${ticket}$`],
    ['ClientIP', clientIp],
    // Clients read ClientPort byte-swapped (ntohs): port 1863 is written "ClientPort: 18183".
    ['ClientPort', ((clientPort & 0xff) << 8) | ((clientPort & 0xff00) >> 8)],
  ];
  if (d.abchMigrated) fields.push(['ABCHMigrated', 1]);
  // MPOP needs a machine GUID to tell places apart: a client without one gets one session per account.
  if (d.mpop) fields.push(['MPOPEnabled', hasMachineGuid ? 1 : 0]);
  const headers = ['MIME-Version: 1.0', 'Content-Type: text/x-msmsgsprofile; charset=UTF-8'];
  return [...headers, ...fields.map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
}

/** The policy document pushed as "GCF 0 <len>" from MSNP13; each Policy carries the MD5 of its inner text. */
export function policiesDocument(): string {
  const policies: [string, string][] = [
    ['SHIELDS', '<config><shield><cli maj="7" min="0" minbld="0" maxbld="9999" deny=" " /></shield><block></block></config>'],
    [
      'ABCH',
      '<policy><set id="push" service="ABCH" priority="200"><r id="pushstorage" threshold="180000" /></set>' +
        '<set id="using_notifications" service="ABCH" priority="100"><r id="pullmembership" threshold="86400000" /></set></policy>',
    ],
  ];
  const inner = policies
    .map(([type, body]) => `<Policy type="${type}" checksum="${md5Upper(body)}">${body}</Policy>`)
    .join('');
  return `<Policies>${inner}</Policies>`;
}

function md5Upper(s: string): string {
  return createHash('md5').update(s).digest('hex').toUpperCase();
}
