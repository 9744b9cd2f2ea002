// A dialect turns version-neutral core facts into one MSNP version's lines. The base class
// speaks MSNP8; each later version is a class that extends the one before it and overrides only
// what that version changed, so no handler ever asks "which version is this?".
import { encodeParam } from '../codec';
import type { PresenceView } from '../../core/model';

export interface Line {
  line: string;
  payload?: string;
}

export abstract class Dialect {
  abstract readonly version: number;

  get name(): string {
    return `MSNP${this.version}`;
  }

  /** Verbs a signed-in client of this version may send (login verbs are always allowed). */
  abstract readonly commands: ReadonlySet<string>;

  /** Servers push a GCF policy document right after `USR … I` from MSNP13 on. */
  get pushesPolicies(): boolean {
    return false;
  }

  /** `USR 7 OK user@x Friendly%20Name 1 0` (MSNP8-9); MSNP10 dropped the name. */
  usrOk(trid: string, email: string, friendlyName: string): string {
    return `USR ${trid} OK ${email} ${encodeParam(friendlyName)} 1 0`;
  }

  /** "SBS 0 null" appeared with MSNP11 (undocumented, seen in real traffic). */
  get sendsSbs(): boolean {
    return false;
  }

  /** MSNP10+ profiles say the contact list moved to the address book. */
  get abchMigrated(): boolean {
    return false;
  }

  /** MSNP16 profiles announce multiple points of presence. */
  get mpop(): boolean {
    return false;
  }

  /** MSNP16 sends the user an (empty) UBX of themselves right after sign-in. */
  selfUbx(email: string): Line | undefined {
    void email;
    return undefined;
  }

  /** MSNP8 answers PNG with a bare "QNG"; MSNP9 added the seconds until the next ping. */
  pingReply(): string {
    return 'QNG';
  }

  /** Capabilities as this version writes them: "caps" before MSNP16, "caps:ext" from it. */
  formatCaps(caps: string): string {
    return caps.split(':')[0] || '0';
  }

  /** The MSN object parameter of ILN/NLN: "<msnobj/>" stands in when a contact has none. */
  protected msnObjectParam(view: PresenceView): string {
    return encodeParam(view.msnObject || '<msnobj/>');
  }

  /** The contact part of ILN/NLN after the status: "bob@x Bob%20N 28" (MSNP8: no MSN object yet). */
  protected presenceTail(view: PresenceView): string {
    return `${view.email} ${encodeParam(view.friendlyName)} ${this.formatCaps(view.capabilities)}`;
  }

  /** Initial presence (reply to the first CHG, carrying its TrID): "ILN 8 NLN bob@x …". */
  initialPresence(trid: string, view: PresenceView): string {
    return `ILN ${trid} ${view.status} ${this.presenceTail(view)}`;
  }

  /** A contact's status or name changed: "NLN BSY bob@x …". */
  presenceChange(view: PresenceView): string {
    return `NLN ${view.status} ${this.presenceTail(view)}`;
  }

  /** A contact went offline or may no longer be seen. */
  offline(email: string): string {
    return `FLN ${email}`;
  }

  /** What a watcher gets when a contact changes: NLN (or FLN), then UBX when the PSM changed. */
  liveUpdate(view: PresenceView, extendedChanged: boolean): Line[] {
    if (view.status === 'FLN') return [{ line: this.offline(view.email) }];
    const ubx = extendedChanged ? this.extendedPresence(view) : undefined;
    return ubx ? [{ line: this.presenceChange(view) }, ubx] : [{ line: this.presenceChange(view) }];
  }

  /** Personal message and media (MSNP11+); undefined where the version has no UBX. */
  extendedPresence(view: PresenceView): Line | undefined {
    void view;
    return undefined;
  }
}

/** XML text escaping for values we place inside UBX and other payloads. */
export function xmlText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}
