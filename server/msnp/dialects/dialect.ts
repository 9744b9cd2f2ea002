// A dialect turns version-neutral core facts into one MSNP version's lines. The base class
// speaks MSNP8; each later version is a class that extends the one before it and overrides only
// what that version changed, so no handler ever asks "which version is this?".
import { encodeParam } from '../codec';
import { answerMd5 } from '../challenge';
import { List, type ContactEntry, type Group, type PresenceView, type User } from '../../core/model';
import type { SyncSnapshot } from './legacy-syn';
import type { Place } from '../../core/endpoints';

/** One contact as a server-side list shows it (SYN's LST lines). */
export interface ListedContact {
  entry: ContactEntry;
  /** The name the owner sees: their nickname for the contact, else the contact's own name. */
  name: string;
  /** The contact's groups, as this dialect names them (numbers or GUIDs). */
  groups: Group[];
}

/** Formatting of server-side lists (MSNP8-12): SYN, LSG, LST and the list-editing replies. */
export abstract class ListDialect {
  /** MSNP8-9 list replies carry the new list version after the TrID: "ADD 3 FL 15 bob@x …". */
  versioned(trid: string, listVersion: number): string {
    return `${trid} ${listVersion}`;
  }

  /** ADD and REM name the list before the version: "ADD 3 FL 15 bob@x …" (MSNP8-9), "ADC 3 FL …" after. */
  listVersioned(trid: string, list: string, listVersion: number): string {
    return `${this.versioned(trid, listVersion).replace(/^(\S+)/, `$1 ${list}`)}`;
  }

  /** The list version as SYN sends it: a counter (MSNP8-9). */
  listStamp(user: User): string[] {
    return [String(user.listVersion)];
  }

  /** "LSG 1 Friends 0" (MSNP8-9: number, name, an unused 0). */
  lsg(group: Group): string {
    return `LSG ${group.number} ${encodeParam(group.name)} 0`;
  }

  /** MSNP8-9 always list group 0, "Other Contacts". */
  get implicitOtherContacts(): boolean {
    return true;
  }

  /** "LST bob@x Bob 11 0": address, name, list bits, groups only for FL contacts (default group 0). */
  lst(c: ListedContact): string {
    const bits = this.listBits(c.entry.lists);
    const groups = bits & List.FL ? ` ${c.groups.map((g) => g.number).join(',') || '0'}` : '';
    return `LST ${c.entry.email} ${encodeParam(c.name)} ${bits}${groups}`;
  }

  /** MSNP8-9 know no pending list. */
  listBits(lists: number): number {
    return lists & (List.FL | List.AL | List.BL | List.RL);
  }

  /** How a group is named in ADD/REM/ADG/RMG/REG: its number before MSNP10. */
  groupRef(group: Group): string {
    return String(group.number);
  }

  /** Groups arrived with MSNP7; before it ADD FL has no group field. */
  get hasGroups(): boolean {
    return true;
  }

  /** The whole SYN reply where a dialect writes it its own way (MSNP2-7); undefined: the MSNP8+ shape. */
  legacySyn(trid: string, snapshot: SyncSnapshot): string[] | undefined {
    void trid;
    void snapshot;
    return undefined;
  }
}

export interface Line {
  line: string;
  payload?: string;
}

/** A switchboard member as IRO/JOI/BYE name them. */
export interface SbMember {
  email: string;
  /** The machine GUID an MSNP16 client signed in to the switchboard with, without braces. */
  guid?: string;
  friendlyName: string;
  capabilities: string;
  /** A panel-driven contact's P2P machine GUID, without braces (see PresenceView.panelPeerGuid). */
  panelPeerGuid?: string;
}

/** Each version's name, made once (see `Dialect.name`). */
const DIALECT_NAMES: string[] = [];

export abstract class Dialect extends ListDialect {
  abstract readonly version: number;

  /** "MSNP16": one string per version, not a new one per call (every place and panel row keeps one). */
  get name(): string {
    return (DIALECT_NAMES[this.version] ??= `MSNP${this.version}`);
  }

  /** Verbs a signed-in client of this version may send (login verbs are always allowed). */
  abstract readonly commands: ReadonlySet<string>;

  /** MSNP2-7 sign in with "USR t MD5 I/S" (after "INF t MD5"); MSNP8 replaced it with TWN. */
  get usesMd5SignIn(): boolean {
    return false;
  }

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

  /** The sign-in profile reports the client's address (ClientIP/ClientPort) from MSNP8. */
  get reportsClientAddress(): boolean {
    return true;
  }

  /** MSNP10+ profiles say the contact list moved to the address book. */
  get abchMigrated(): boolean {
    return false;
  }

  /**
   * The profile carries an MPOPEnabled line from MSNP16 (fact sheet §2.6); its value says whether this
   * session really is one of several places (see profileMessage), never just the version.
   */
  get announcesMpop(): boolean {
    return false;
  }

  /** MSNP16 sends the user an (empty) UBX of themselves right after sign-in. */
  selfUbx(email: string): Line | undefined {
    void email;
    return undefined;
  }

  /**
   * MSNP13+ clients (WLM 8+, Messenger for Mac) read offline messages from the OIM service after a
   * Mail-Data notification; MSN 5-7.5 have no OIM, so theirs are replayed on the switchboard.
   */
  get readsOfflineMessages(): boolean {
    return false;
  }

  /** MSNP18 clients may also leave an offline message with UUM (network 1); earlier ones only use Store2. */
  get sendsOfflineMessagesByUum(): boolean {
    return false;
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

  /**
   * What a watcher gets when a contact changes: FLN when they went away; NLN when their status,
   * name or capabilities changed; UBX (where the dialect has it) when their PSM changed.
   */
  liveUpdate(view: PresenceView, basicChanged: boolean, extendedChanged: boolean): Line[] {
    if (view.status === 'FLN') return [{ line: this.offline(view.email) }];
    const lines: Line[] = basicChanged ? [{ line: this.presenceChange(view) }] : [];
    const ubx = extendedChanged ? this.extendedPresence(view) : undefined;
    return ubx ? [...lines, ubx] : lines;
  }

  /** Sends the client to another notification server: "XFR 3 NS 10.0.0.5:1863 0 10.0.0.1:1863" (MSNP8-12). */
  xfrNs(trid: string, address: string): string {
    return `XFR ${trid} NS ${address} 0 ${address}`;
  }

  /** USR SSO (MBI_KEY_OLD) arrived with MSNP15 (WLM 8.1); before it every client used TWN. */
  get acceptsSso(): boolean {
    return false;
  }

  /** From MSNP16 an SSO sign-in must carry the MBI_KEY_OLD answer. */
  get requiresSsoBlob(): boolean {
    return false;
  }

  /** Windows clients of MSNP8-12 are challenged (CHL) after their first CHG. */
  get sendsChallenge(): boolean {
    return true;
  }

  /** The right QRY answer to a challenge: md5(challenge + key) up to MSNP10. */
  challengeAnswer(challenge: string, productId: string, privateKey: string): string {
    void productId;
    return answerMd5(challenge, privateKey);
  }

  /**
   * Someone added (or removed) this user (`recipient`): "ADD 0 RL 16 alice@x Alice" / "REM 0 RL 17 alice@x".
   */
  reverseListChange(added: boolean, email: string, friendlyName: string, listVersion: number, recipient?: User): Line[] {
    void recipient;
    return [{ line: added ? `ADD 0 RL ${listVersion} ${email} ${encodeParam(friendlyName)}` : `REM 0 RL ${listVersion} ${email}` }];
  }

  /**
   * The account changed as its own endpoints see it (several places at once, MSNP16+): nothing
   * before MSNP16, whose clients are never signed in at two places.
   */
  ownUpdate(view: PresenceView, places: readonly Place[], statusChanged: boolean): Line[] {
    void view;
    void places;
    void statusChanged;
    return [];
  }

  /** MSNP18 clients hand back the circle ticket of ABFindContactsPaged with "USR t SHA A <ticket>". */
  get acceptsCircleTicket(): boolean {
    return false;
  }

  /** Who a UBN comes from: "alice@x", or from MSNP16 "alice@x;{guid}" when the sender named its place. */
  ubnSender(email: string, machineGuid: string | undefined): string {
    void machineGuid;
    return email;
  }

  /** Personal message and media (MSNP11+); undefined where the version has no UBX. */
  extendedPresence(view: PresenceView): Line | undefined {
    void view;
    return undefined;
  }

  // Switchboard lines, written in the dialect of the client's notification session.

  /** C: XFR 10 SB  ->  "XFR 10 SB 10.0.0.2:1864 CKI 1029384756.2837465520.4190263812" (MSNP8-12) */
  xfrSb(trid: string, address: string, cookie: string): string {
    return `XFR ${trid} SB ${address} CKI ${cookie}`;
  }

  /** An invitation: "RNG 11752013 10.0.0.2:1864 CKI 1029384756.2837465520.4190263812 alice@x Alice%20N" (MSNP8-12) */
  ring(sessionId: string, address: string, cookie: string, email: string, friendlyName: string): string {
    return `RNG ${sessionId} ${address} CKI ${cookie} ${email} ${encodeParam(friendlyName)}`;
  }

  /** How a switchboard member is named in IRO/JOI/BYE: "alice@x" (MSNP16 adds "alice@x;{guid}"). */
  sbHandles(m: SbMember, wholeAccount = true): string[] {
    // One line per account: a second place of someone already in the session adds nothing here.
    return wholeAccount ? [m.email] : [];
  }

  /** What follows the handle in IRO/JOI: the name; MSNP12 adds the capabilities. */
  protected sbMemberTail(m: SbMember): string {
    return encodeParam(m.friendlyName);
  }

  /** Someone joined: "JOI bob@x Bob%20N". */
  sbJoined(m: SbMember, firstOfAccount = true): string[] {
    return this.sbHandles(m, firstOfAccount).map((h) => `JOI ${h} ${this.sbMemberTail(m)}`);
  }

  /** Who is there already, before "ANS 1 OK": "IRO 1 1 2 alice@x Alice%20N" (index, total over all lines). */
  sbRoster(trid: string, members: readonly SbMember[]): string[] {
    const rows = members.flatMap((m) => this.sbHandles(m).map((h) => `${h} ${this.sbMemberTail(m)}`));
    return rows.map((row, i) => `IRO ${trid} ${i + 1} ${rows.length} ${row}`);
  }

  /** Someone left: "BYE bob@x". */
  sbLeft(m: SbMember, lastOfAccount = true): string[] {
    return this.sbHandles(m, lastOfAccount).map((h) => `BYE ${h}`);
  }

  /** Someone appearing offline (HDN) may not start a conversation before MSNP13: XFR SB is 913. */
  get hiddenMayStartChats(): boolean {
    return false;
  }

  /** MSNP16 clients CAL themselves to pull their other endpoints in; before that it is a 215. */
  get callsSelf(): boolean {
    return false;
  }
}

/** XML text escaping for values we place inside UBX and other payloads. */
export function xmlText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}
