// MSNP13 (Messenger for Mac 6/7 and WLM 8.0): the contact list lives in the SOAP address book;
// the client announces it with ADL, and SYN and the list-editing commands are gone. Policies are
// pushed with GCF after USR I.
import { Msnp12 } from './msnp12';
import { encodeParam } from '../codec';
import { xmlText, type Line } from './dialect';

const MSNP13_COMMANDS = [
  'VER', 'CVR', 'USR', 'OUT', 'PNG', 'CHG', 'PRP', 'BLP', 'ADL', 'RML', 'UUX', 'UUN', 'URL', 'XFR', 'GCF', 'SDC', 'FQY',
  'UUM', 'SBP', 'QRY',
];

export class Msnp13 extends Msnp12 {
  override readonly version: number = 13;
  override readonly commands: ReadonlySet<string> = new Set(MSNP13_COMMANDS);

  override get pushesPolicies(): boolean {
    return true;
  }

  /**
   * No CHL for the address-book generation: Messenger for Mac's product key was never published,
   * and challenging WLM 8 caused sign-in timeouts on revival servers.
   */
  override get sendsChallenge(): boolean {
    return false;
  }

  /** "XFR 3 NS 207.46.110.44:1863 U D" from MSNP13. */
  override xfrNs(trid: string, address: string): string {
    return `XFR ${trid} NS ${address} U D`;
  }

  /** Mac and WLM clients send "BLP 7 AL" at every sign-in; the server just confirms it. */
  override get refusesUnchangedPrivacy(): boolean {
    return false;
  }

  /**
   * Someone added or removed this user: an <ml> with the reverse list bit.
   *   S: ADL 0 82\r\n<ml><d n="lan"><c n="alice" t="1" l="8" f="Alice%20Name" /></d></ml>
   */
  override reverseListChange(added: boolean, email: string, friendlyName: string): Line[] {
    const [local, domain] = email.split('@') as [string, string];
    const name = added ? ` f="${xmlText(encodeParam(friendlyName))}"` : '';
    const payload = `<ml><d n="${xmlText(domain)}"><c n="${xmlText(local)}" t="1" l="8"${name} /></d></ml>`;
    return [{ line: `${added ? 'ADL' : 'RML'} 0 ${Buffer.byteLength(payload)}`, payload }];
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
