// Presence: who is signed in where, what each user really is, and what each watcher may see.
// A user's true status comes from their signed-in client; with no client, from the panel.
// What a watcher sees follows the visibility rules:
//   HDN looks offline to everyone; a watcher on the user's BL sees them offline;
//   otherwise a watcher on the user's AL sees them, and anyone else only when the user's BLP is AL.
import { List, type PresenceView, type Status, type User } from './model';
import type { ListsStore } from '../store/lists-store';
import { admit, NO_EXTRAS, type AccountPresence, type Place, type PlaceHolder, type ProfileExtras } from './endpoints';
import type { UsersStore } from '../store/users-store';
import { panelPeerGuid } from './panel-peer';

/** The default for contacts driven from the panel: MSNC 7-era caps, no ext caps. */
export const PANEL_CAPABILITIES = '1073741856:0';

/** Something that happened that one signed-in client should hear about, in no protocol's syntax. */
export type EndpointEvent =
  | {
      kind: 'presence';
      view: PresenceView;
      /** The contact became visible (was offline to this watcher before). */
      appeared: boolean;
      /** Their status, name, capabilities or MSN object changed (or they appeared). */
      basicChanged: boolean;
      /** Their personal message or media changed (or they appeared). */
      extendedChanged: boolean;
      /**
       * What endpoints derived from this event (a dialect's lines), kept for the next endpoint of
       * the same kind: every watcher who sees the same change gets the same event object, so a
       * fan-out to 1,000 watchers formats each dialect's NLN/UBX once, not 1,000 times.
       */
      rendered: Map<object, unknown>;
    }
  | {
      /** Someone put this user on (added) or took them off (removed) their FL: our RL changed. */
      kind: 'reverse-list';
      added: boolean;
      email: string;
      friendlyName: string;
      /** This user's list version after the change (MSNP8-9 carry it). */
      listVersion: number;
    }
  | {
      /** An opaque notification from another user's client (UUN -> UBN), relayed byte for byte. */
      kind: 'user-notification';
      from: string;
      /** The sender's place (machine GUID), when it signed in with one. */
      fromGuid?: string;
      type: string;
      payload: Buffer;
    }
  | {
      /** Someone invites this user into a conversation (a switchboard session); `cookie` lets them join it. */
      kind: 'ring';
      sessionId: string;
      cookie: string;
      from: { email: string; friendlyName: string };
    }
  | {
      /**
       * The account itself changed, seen by its own endpoints (MPOP): its true presence and the
       * details of every place it is signed in at, newest last.
       */
      kind: 'own-presence';
      view: PresenceView;
      places: Place[];
      /** Its status changed, not only a place's details. */
      statusChanged: boolean;
      /** The endpoint whose CHG changed it, which needs no telling. */
      by?: string;
    };

/** A real client signed in as a user (an MSNP notification connection): one endpoint of the account. */
export interface Endpoint extends PlaceHolder {
  /** Has the client had its initial presence list? Until then it gets no live updates. */
  readonly live: boolean;
  notify(event: EndpointEvent): void;
  /** False while the client said it takes no invitations (MSN TV's IMS OFF); absent means it does. */
  readonly acceptsInvitations?: boolean;
  /** Signs the client out: OTH = signed in elsewhere, SSD = server shutting down. */
  kick(reason: 'OTH' | 'SSD' | 'KICK'): void;
}

export interface Snapshot {
  status: Status;
  friendlyName: string;
  capabilities: string;
  msnObject: string;
  psm: string;
  currentMedia: string;
  places: PresenceView['places'];
  extras: ProfileExtras;
  panelPeerGuid?: string;
}

/**
 * What each live watcher of a subject saw before a change, in liveWatchers order: two parallel
 * arrays rather than a Map, which a fan-out to 1,000 watchers grew (and threw away) every change.
 */
interface WatchState {
  snap?: Snapshot;
  watchers: number[];
  seen: Status[];
}

/** Watchers who see the same change share one event; a change has a few kinds at most (see announce). */
interface EventKind {
  was: Status;
  now: Status;
  event: EndpointEvent;
}

const NO_ENDPOINTS: readonly Endpoint[] = [];

/** What the account's own endpoints know about it: its presence and every place's details. */
interface OwnState {
  snap: Snapshot;
  places: string;
}

export class PresenceHub {
  private readonly accounts = new Map<number, AccountPresence<Endpoint>>();
  /** The endpoint whose CHG is being applied (it knows its own status already). */
  private changedBy?: string;
  /** Called after every change that watchers were told about (the panel listens). */
  onChange: (user: User, snapshot: Snapshot) => void = () => {};
  /** The MSN object (display picture) of an account the panel drives; "" for none. */
  panelMsnObject: (userId: number) => string = () => '';

  constructor(
    private readonly users: UsersStore,
    private readonly lists: ListsStore,
  ) {}

  /** Every endpoint of an account, in sign-in order (newest last). */
  endpointsOf(userId: number): readonly Endpoint[] {
    return this.accounts.get(userId)?.endpoints ?? NO_ENDPOINTS;
  }

  /** The endpoint signed in with this machine GUID, or the newest one when no GUID is given. */
  endpointOf(userId: number, machineGuid?: string): Endpoint | undefined {
    const eps = this.endpointsOf(userId);
    const g = machineGuid?.toLowerCase();
    return (g && eps.find((e) => e.machineGuid === g)) || eps[eps.length - 1];
  }

  /** What an endpoint said about itself. */
  placeOf(ep: Endpoint): Place | undefined {
    return this.accounts.get(ep.userId)?.places.get(ep);
  }

  isSignedIn(userId: number): boolean {
    return this.endpointsOf(userId).length > 0;
  }

  allEndpoints(): Endpoint[] {
    return [...this.accounts.values()].flatMap((a) => a.endpoints);
  }

  /**
   * A client finished signing in. It replaces the endpoint with the same machine GUID (OUT OTH),
   * or every endpoint when GUIDs cannot tell them apart (see endpoints.ts); others stay signed in.
   * Refused (nothing changes) when the account is at its limit of places.
   */
  attach(ep: Endpoint, place: Omit<Place, 'state' | 'since'>): { ok: true } | { ok: false; why: string } {
    const acct = this.accounts.get(ep.userId);
    const admission = admit(acct?.endpoints ?? [], ep);
    if (!admission.ok) return admission;
    this.change(ep.userId, () => {
      for (const old of admission.replaced) this.remove(acct!, old);
      // Replacing the only endpoint starts the account afresh: offline until the newcomer's CHG.
      const a = this.accounts.get(ep.userId) ?? this.fresh(ep.userId);
      a.endpoints.push(ep);
      a.places.set(ep, { ...place, state: 'FLN', since: Date.now() });
    });
    for (const old of admission.replaced) old.kick('OTH');
    return { ok: true };
  }

  /** The client left (OUT, dropped, kicked). The account goes offline when its last endpoint leaves. */
  detach(ep: Endpoint): void {
    const acct = this.accounts.get(ep.userId);
    if (!acct || !acct.places.has(ep)) return;
    this.change(ep.userId, () => this.remove(acct, ep));
  }

  /** CHG from a signed-in client: the account's presence is whatever its latest change says. */
  setPresence(ep: Endpoint, status: Status, capabilities: string, msnObject: string): void {
    const acct = this.accounts.get(ep.userId);
    if (!acct) return;
    this.changedBy = ep.id;
    try {
      this.change(ep.userId, () => {
        Object.assign(acct, { status, capabilities, msnObject });
        const place = acct.places.get(ep);
        if (place) Object.assign(place, { state: status, capabilities });
      });
    } finally {
      this.changedBy = undefined;
    }
  }

  /** UUX EndpointData / PrivateEndpointData: an endpoint describes itself. */
  updatePlace(ep: Endpoint, changes: Partial<Pick<Place, 'name' | 'clientType' | 'idle' | 'state' | 'capabilities'>>): void {
    const acct = this.accounts.get(ep.userId);
    const place = acct?.places.get(ep);
    if (!acct || !place) return;
    this.change(ep.userId, () => {
      Object.assign(place, changes);
      // The newest capabilities are the account's (what NLN carries).
      if (changes.capabilities) acct.capabilities = changes.capabilities;
    });
  }

  /** UUX Data: signature sound, DDP, scene, colour scheme (kept while the account is online). */
  setExtras(userId: number, changes: Partial<ProfileExtras>): void {
    const acct = this.accounts.get(userId);
    if (!acct) return;
    this.change(userId, () => (acct.extras = { ...acct.extras, ...changes }));
  }

  /** Applies a stored change (name, PSM, panel status) and tells every watcher what it now sees. */
  change<T>(userId: number, mutate: () => T): T {
    return this.changeMany([userId], mutate);
  }

  /**
   * Runs `mutate` (a change of presence, names, lists or privacy) and tells every live watcher of
   * each subject what it sees now, when that differs from what it saw before; and the subject's
   * own endpoints what the account and its places now look like.
   */
  changeMany<T>(subjectIds: number[], mutate: () => T): T {
    const before = subjectIds.map((id) => this.watchState(id));
    const own = subjectIds.map((id) => this.ownState(id));
    const result = mutate();
    subjectIds.forEach((id, i) => {
      this.announce(id, before[i]!);
      this.announceToSelf(id, own[i]);
    });
    return result;
  }

  private fresh(userId: number): AccountPresence<Endpoint> {
    const a: AccountPresence<Endpoint> = {
      endpoints: [],
      places: new Map(),
      // Until the client's first CHG the account counts as offline, whatever the panel said.
      status: 'FLN',
      capabilities: '0',
      msnObject: '',
      extras: NO_EXTRAS,
    };
    this.accounts.set(userId, a);
    return a;
  }

  private remove(acct: AccountPresence<Endpoint>, ep: Endpoint): void {
    acct.endpoints = acct.endpoints.filter((e) => e !== ep);
    acct.places.delete(ep);
    if (acct.endpoints.length > 0) return;
    this.accounts.delete(ep.userId);
    this.users.update(ep.userId, { panelStatus: 'FLN' });
  }

  private watchState(subjectId: number): WatchState {
    const user = this.users.byId(subjectId);
    const snap = this.snapshot(subjectId);
    if (!user || !snap) return { watchers: [], seen: [] };
    const watchers = this.liveWatchers(subjectId);
    const seen = new Array<Status>(watchers.length);
    for (let i = 0; i < watchers.length; i++) seen[i] = visibleStatus(snap.status, this.lists.bitsOf(subjectId, watchers[i]!), user.blp);
    return { snap, watchers, seen };
  }

  private announce(subjectId: number, before: WatchState): void {
    const user = this.users.byId(subjectId);
    const after = this.snapshot(subjectId);
    if (!user || !after) return;
    const b = before.snap;
    const unchanged = b !== undefined && sameSnapshot(b, after);
    const detailsChanged = !b || b.friendlyName !== after.friendlyName || b.capabilities !== after.capabilities || b.msnObject !== after.msnObject;
    // PSM or media: what every UBX carries. Places and profile extras alone only matter to
    // MSNP16+ watchers, whose dialect sends a UBX with every change anyway.
    const extendedChanged = !b || b.psm !== after.psm || b.currentMedia !== after.currentMedia;
    // Watchers who see the same thing share one event (at most a few kinds per change: the
    // status as seen, and whether they saw the user before), and with it its rendered lines.
    const kinds: EventKind[] = [];
    const watchers = this.liveWatchers(subjectId);
    // The watchers before and after are the same list, in the same order, unless the change was to
    // the lists themselves: then what each saw before is looked up by id.
    let seenBefore: Map<number, Status> | undefined;
    for (let i = 0; i < watchers.length; i++) {
      const watcherId = watchers[i]!;
      let wasStatus: Status;
      if (before.watchers[i] === watcherId) wasStatus = before.seen[i]!;
      else {
        seenBefore ??= new Map(before.watchers.map((w, k) => [w, before.seen[k]!]));
        wasStatus = seenBefore.get(watcherId) ?? 'FLN';
      }
      const status = visibleStatus(after.status, this.lists.bitsOf(subjectId, watcherId), user.blp);
      const wasVisible = wasStatus !== 'FLN';
      if (!wasVisible && status === 'FLN') continue;
      if (wasStatus === status && unchanged) continue;
      let event = eventOfKind(kinds, wasStatus, status);
      if (!event) {
        event = {
          kind: 'presence',
          view: toView(user.email, after, status),
          appeared: !wasVisible,
          basicChanged: !wasVisible || wasStatus !== status || detailsChanged,
          extendedChanged: !wasVisible || extendedChanged,
          rendered: new Map(),
        };
        kinds.push({ was: wasStatus, now: status, event });
      }
      for (const ep of this.endpointsOf(watcherId)) if (ep.live) ep.notify(event);
    }
    if (!before.snap || !sameSnapshot(before.snap, after)) this.onChange(user, after);
  }

  private ownState(userId: number): OwnState | undefined {
    const snap = this.snapshot(userId);
    const acct = this.accounts.get(userId);
    if (!snap || !acct) return undefined;
    return { snap, places: JSON.stringify(this.placesOf(acct)) };
  }

  /**
   * The account's own endpoints hear when it changed: its status (set from another place) and
   * the list of its places, so each knows where else it is signed in.
   */
  private announceToSelf(userId: number, before: OwnState | undefined): void {
    const user = this.users.byId(userId);
    const acct = this.accounts.get(userId);
    const after = this.ownState(userId);
    if (!user || !acct || !after) return;
    if (before && before.places === after.places && sameSnapshot(before.snap, after.snap)) return;
    const event: EndpointEvent = {
      kind: 'own-presence',
      view: toView(user.email, after.snap, after.snap.status),
      places: this.placesOf(acct),
      statusChanged: !before || before.snap.status !== after.snap.status,
      by: this.changedBy,
    };
    // Only clients that signed in with a machine GUID know about places (MPOP).
    for (const ep of acct.endpoints) if (ep.live && ep.machineGuid) ep.notify(event);
  }

  /** The account's places as its own endpoints see them. */
  ownPlaces(userId: number): Place[] {
    const acct = this.accounts.get(userId);
    return acct ? this.placesOf(acct) : [];
  }

  private placesOf(acct: AccountPresence<Endpoint>): Place[] {
    return acct.endpoints.map((e) => acct.places.get(e)!).map((p) => ({ ...p }));
  }

  /** Users who have `subjectId` on their FL and have a client that wants live presence. */
  private liveWatchers(subjectId: number): number[] {
    const watchers = this.lists.ownersWith(subjectId, List.FL);
    let n = 0;
    for (let i = 0; i < watchers.length; i++) if (this.hasLiveEndpoint(watchers[i]!)) watchers[n++] = watchers[i]!;
    watchers.length = n;
    return watchers;
  }

  private hasLiveEndpoint(userId: number): boolean {
    const eps = this.endpointsOf(userId);
    for (let i = 0; i < eps.length; i++) if (eps[i]!.live) return true;
    return false;
  }

  /** What `subjectId` looks like to `watcherId` right now. */
  /** `relation`: the subject's list bits for the watcher, when the caller has them already. */
  viewFor(subjectId: number, watcherId: number, relation = this.lists.bitsOf(subjectId, watcherId)): PresenceView | undefined {
    const user = this.users.byId(subjectId);
    const snap = this.snapshot(subjectId);
    if (!user || !snap) return undefined;
    return toView(user.email, snap, visibleStatus(snap.status, relation, user.blp));
  }

  /** The true presence of a user (what the panel shows), before visibility rules. */
  snapshot(userId: number): Snapshot | undefined {
    const user = this.users.byId(userId);
    if (!user) return undefined;
    const a = this.accounts.get(userId);
    return {
      status: a ? a.status : user.panelStatus,
      friendlyName: user.friendlyName,
      capabilities: a ? a.capabilities : PANEL_CAPABILITIES,
      msnObject: a ? a.msnObject : this.panelMsnObject(userId),
      psm: user.psm,
      currentMedia: user.currentMedia,
      places: a
        ? a.endpoints.filter((e) => e.machineGuid).map((e) => ({ machineGuid: e.machineGuid!, capabilities: a.places.get(e)!.capabilities }))
        : [],
      extras: a ? a.extras : NO_EXTRAS,
      panelPeerGuid: a ? undefined : panelPeerGuid(user.email),
    };
  }
}

/** The event of watchers who saw `was` and now see `now`, if one was made this change. */
function eventOfKind(kinds: readonly EventKind[], was: Status, now: Status): EndpointEvent | undefined {
  for (let i = 0; i < kinds.length; i++) if (kinds[i]!.was === was && kinds[i]!.now === now) return kinds[i]!.event;
  return undefined;
}

/** The status a watcher sees, given the subject's true status, the subject's lists bits for the watcher and BLP. */
export function visibleStatus(status: Status, relation: number, blp: 'AL' | 'BL'): Status {
  if (status === 'HDN' || status === 'FLN') return 'FLN';
  if (relation & List.BL) return 'FLN';
  if (relation & List.AL) return status;
  return blp === 'AL' ? status : 'FLN';
}

function toView(email: string, s: Snapshot, status: Status): PresenceView {
  const visible = status !== 'FLN';
  return {
    email,
    friendlyName: s.friendlyName,
    status,
    capabilities: s.capabilities,
    msnObject: s.msnObject,
    psm: s.psm,
    currentMedia: s.currentMedia,
    // Where a contact is signed in is not shown to someone who may not see them online.
    places: visible ? s.places : [],
    extras: s.extras,
    panelPeerGuid: visible ? s.panelPeerGuid : undefined,
  };
}

/** PSM, media, places or profile extras: what UBX carries. */
function extendedDiffers(a: Snapshot, b: Snapshot): boolean {
  return (
    a.psm !== b.psm ||
    a.currentMedia !== b.currentMedia ||
    JSON.stringify(a.places) !== JSON.stringify(b.places) ||
    JSON.stringify(a.extras) !== JSON.stringify(b.extras) ||
    a.panelPeerGuid !== b.panelPeerGuid
  );
}

function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  return (
    a.status === b.status &&
    a.friendlyName === b.friendlyName &&
    a.capabilities === b.capabilities &&
    a.msnObject === b.msnObject &&
    !extendedDiffers(a, b)
  );
}
