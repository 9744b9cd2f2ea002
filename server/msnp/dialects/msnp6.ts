// MSNP6 (MSN Messenger 4.0–4.5): the server challenges the client after its first CHG (the MSNP6-10
// MD5 answer, product id msmsgs@msnmsgr.com), and USR OK gains the "verified" flag.
//   S: CHL 0 15570131571988941333     C: QRY 10 msmsgs@msnmsgr.com 32 <md5 hex>     S: QRY 10
//   S: USR 4 OK bob@x Bob%20N 1
import { Msnp5, MSNP5_COMMANDS } from './msnp5';
import { encodeParam } from '../codec';

export const MSNP6_COMMANDS = [...MSNP5_COMMANDS, 'QRY'];

export class Msnp6 extends Msnp5 {
  override readonly version: number = 6;
  override readonly commands: ReadonlySet<string> = new Set(MSNP6_COMMANDS);

  override get sendsChallenge(): boolean {
    return true;
  }

  override usrOk(trid: string, email: string, friendlyName: string): string {
    return `USR ${trid} OK ${email} ${encodeParam(friendlyName)} 1`;
  }
}
