// MSNP13 (Messenger for Mac 6/7 and WLM 8.0): the contact list lives in the SOAP address book;
// the client announces it with ADL, and SYN and the list-editing commands are gone. Policies are
// pushed with GCF after USR I.
import { Msnp12 } from './msnp12';
import { encodeParam } from '../codec';
import { xmlText, type Line } from './dialect';
import type { User } from '../../core/model';
import { cidOf } from '../../http/soap/ids';

// Not here, each refused by the real service from this version (ESC msnp_ns.py, fact sheet §6.3/§7.4):
// SYN/ADC/REM/ADG/RMG/REG/GTC (the address book took over), SBP (ABContactUpdate instead), FQY and UUM (MSNP14, fact sheet §1.2).
export const MSNP13_COMMANDS = [
  'VER', 'CVR', 'USR', 'OUT', 'PNG', 'CHG', 'PRP', 'BLP', 'ADL', 'RML', 'UUX', 'UUN', 'URL', 'XFR', 'GCF', 'SDC',
  'QRY',
];

export class Msnp13 extends Msnp12 {
  override readonly version: number = 13;
  override readonly commands: ReadonlySet<string> = new Set(MSNP13_COMMANDS);

  override get pushesPolicies(): boolean {
    return true;
  }

  /** Offline messages: Mail-Data on the NS, the messages themselves from rsi.asmx. */
  override get readsOfflineMessages(): boolean {
    return true;
  }

  /**
   * No CHL for the address-book generation: Messenger for Mac's product key was never published,
   * and challenging WLM 8 caused sign-in timeouts on revival servers.
   */
  override get sendsChallenge(): boolean {
    return false;
  }

  /**
   * From WLM 8 (MSNP13) a user who appears offline may still start a conversation. Sources: the
   * fact sheet §8.1 ("ESC only enforces 913 for HDN on MSNP<13"); Escargot msnp_ns.py _m_xfr, whose
   * commit f576685 (2019-04-11) narrowed "913 while HDN" to dialects below 13 after testing WLM 8+.
   * Before that (MSN 5-7.5) XFR SB while HDN is 913 (NINA-G chg.md; ESC).
   *   C: XFR 10 SB   (while HDN)   S: XFR 10 SB 10.0.0.2:1864 CKI … U messenger.msn.com 1
   */
  override get hiddenMayStartChats(): boolean {
    return true;
  }

  /** "XFR 3 NS 207.46.110.44:1863 U D" from MSNP13. */
  override xfrNs(trid: string, address: string): string {
    return `XFR ${trid} NS ${address} U D`;
  }

  /**
   * Someone added or removed this user: an <ml> with the reverse list bit, then the address-book
   * nudge (NOT, ABCHInternal) that makes the client re-read FindMembership/ABFindAll — where the
   * adder now sits in Pending, which is what raises the "has added you" prompt. l="8" alone, as
   * the service, ESC and NINA send it (fact sheet §7.3): pending-ness lives in the address book.
   *   S: ADL 0 82\r\n<ml><d n="lan"><c n="alice" t="1" l="8" f="Alice%20Name" /></d></ml>
   *   S: NOT 398\r\n<NOTIFICATION id="0" siteid="45705" siteurl="http://contacts.msn.com">…ABCHInternal…
   */
  override reverseListChange(added: boolean, email: string, friendlyName: string, listVersion?: number, recipient?: User): Line[] {
    void listVersion;
    const [local, domain] = email.split('@') as [string, string];
    const name = added ? ` f="${xmlText(encodeParam(friendlyName))}"` : '';
    const payload = `<ml><d n="${xmlText(domain)}"><c n="${xmlText(local)}" t="1" l="8"${name} /></d></ml>`;
    const lines: Line[] = [{ line: `${added ? 'ADL' : 'RML'} 0 ${Buffer.byteLength(payload)}`, payload }];
    if (recipient) lines.push(abchNotice(recipient, Date.now()));
    return lines;
  }

  /** "XFR 10 SB 10.0.0.2:1864 CKI <cookie> U messenger.msn.com" */
  override xfrSb(trid: string, address: string, cookie: string): string {
    return `${super.xfrSb(trid, address, cookie)} U messenger.msn.com`;
  }

  /** "RNG <id> 10.0.0.2:1864 CKI <cookie> alice@x Alice%20N U messenger.hotmail.com" (hotmail here, msn in XFR) */
  override ring(sessionId: string, address: string, cookie: string, email: string, friendlyName: string): string {
    return `${super.ring(sessionId, address, cookie, email, friendlyName)} U messenger.hotmail.com`;
  }
}

/**
 * "Your address book changed; fetch it": the NOT the service pushed from MSNP13 on (fact sheet
 * §5.5). `pid` is the user's member id as the profile's MemberIdLow/High give it, low half first
 * (ESC), eight hex digits each (NINA); the CID is the one the address book answers with.
 *   <NOTIFICATION id="0" siteid="45705" siteurl="http://contacts.msn.com"><TO pid="0x9c1f2e3d:0x4b5a6978" name="me@x">…
 *   <BODY>&lt;NotificationData …&gt;&lt;Service&gt;ABCHInternal&lt;/Service&gt;&lt;CID&gt;…</BODY>
 */
export function abchNotice(user: User, nowMs: number): Line {
  const memberId = BigInt('0x' + user.guid.replace(/-/g, '').slice(0, 16));
  const hex = (n: bigint) => `0x${n.toString(16).padStart(8, '0')}`;
  const pid = `${hex(memberId & 0xffffffffn)}:${hex(memberId >> 32n)}`;
  const data =
    '<NotificationData xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<Service>ABCHInternal</Service><CID>${cidOf(user.guid)}</CID>` +
    `<LastModifiedDate>${new Date(nowMs).toISOString().slice(0, 23)}0000Z</LastModifiedDate>` +
    '<HasNewItem>false</HasNewItem></NotificationData>';
  const payload =
    '<NOTIFICATION id="0" siteid="45705" siteurl="http://contacts.msn.com">' +
    `<TO pid="${pid}" name="${xmlAttr(user.email)}"><VIA agent="messenger"/></TO>` +
    `<MSG id="0"><SUBSCR url="s.htm"/><ACTION url="a.htm"/><BODY>${xmlAttr(data)}</BODY></MSG>` +
    '</NOTIFICATION>';
  return { line: `NOT ${Buffer.byteLength(payload)}`, payload };
}

function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;');
}
