// The version-neutral model: users, contact lists and presence. Nothing here knows MSNP syntax.

/** List bits as every dialect numbers them: FL=1 AL=2 BL=4 RL=8 PL=16. */
export const List = { FL: 1, AL: 2, BL: 4, RL: 8, PL: 16 } as const;
export type ListName = keyof typeof List;
export const ALL_LIST_BITS = 31;

export const STATUSES = ['NLN', 'BSY', 'IDL', 'BRB', 'AWY', 'PHN', 'LUN', 'HDN', 'FLN'] as const;
export type Status = (typeof STATUSES)[number];
/** Statuses a signed-in client may choose with CHG (FLN is not one of them). */
export const CHOOSABLE_STATUSES: readonly Status[] = ['NLN', 'BSY', 'IDL', 'BRB', 'AWY', 'PHN', 'LUN', 'HDN'];

export function isStatus(s: string): s is Status {
  return (STATUSES as readonly string[]).includes(s);
}

/** Blocking policy for people on neither AL nor BL. */
export type Blp = 'AL' | 'BL';
/** Whether to ask when someone adds you (A) or not (N). */
export type Gtc = 'A' | 'N';

export interface User {
  id: number;
  email: string;
  guid: string; // stable id, used for contact GUIDs, CIDs, member ids
  friendlyName: string;
  /** Panel-driven presence, used while no real client is signed in as this user. */
  panelStatus: Status;
  psm: string;
  currentMedia: string;
  blp: Blp;
  gtc: Gtc;
  /** MSNP8/9 list version; bumped on every list change. */
  listVersion: number;
  /** When the lists last changed (ms): MSNP10+ SYN sends it as a timestamp. */
  listsChangedAt: number;
  createdAt: number;
}

export interface Group {
  id: string; // GUID
  ownerId: number;
  /** Small integer id for MSNP8/9 (0 is "Other Contacts", implicit). */
  number: number;
  name: string;
}

/** One row of an owner's contact list: the contact's lists and the owner's view of them. */
export interface ContactEntry {
  ownerId: number;
  contactId: number;
  email: string;
  lists: number; // bitmask of List
  /** What the owner calls this contact (SBP MFN / ABContactUpdate); empty = use their own name. */
  nickname: string;
  guid: string; // contact GUID within the owner's address book
  groups: string[]; // group GUIDs
  changeSeq: number;
}

/** What a contact looks like to one watcher: the result of the visibility rules. */
export interface PresenceView {
  email: string;
  friendlyName: string;
  status: Status; // FLN when the watcher may not see them
  capabilities: string; // "caps" or "caps:extcaps" as the contact's client sent it
  msnObject: string; // decoded MSN object XML, "" for none
  psm: string;
  currentMedia: string;
  /** The account's places, newest last (MSNP16+ UBX EndpointData); empty when offline or panel-driven. */
  places: { machineGuid: string; capabilities: string }[];
  /** Signature sound, DDP, scene and colour scheme as the contact's client last sent them (WLM 2009). */
  extras: { signatureSound: string; ddp: string; scene: string; colorScheme: string };
  /**
   * Set when no client is signed in as this contact and the server answers for it (panel-driven):
   * the machine GUID (no braces) it answers P2P with. Dialects that address P2P to machines use it.
   */
  panelPeerGuid?: string;
}

export function hasList(lists: number, name: ListName): boolean {
  return (lists & List[name]) !== 0;
}

export function listNames(lists: number): ListName[] {
  return (Object.keys(List) as ListName[]).filter((n) => hasList(lists, n));
}

/** A passport address the way the service accepted them: local@domain, sane length. */
export function isValidEmail(email: string): boolean {
  return email.length <= 129 && /^[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*$/.test(email);
}
