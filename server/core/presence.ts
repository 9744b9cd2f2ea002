// Presence: who is signed in where, what each user really is, and what each watcher may see.
// A user's true status comes from their signed-in client; with no client, from the panel.
// What a watcher sees follows the visibility rules:
//   HDN looks offline to everyone; a watcher on the user's BL sees them offline;
//   otherwise a watcher on the user's AL sees them, and anyone else only when the user's BLP is AL.
import { List, type PresenceView, type Status, type User } from './model';
import type { ListsStore } from '../store/lists-store';
import type { UsersStore } from '../store/users-store';

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
      type: string;
      payload: Buffer;
    }
  | {
      /** Someone invites this user into a conversation (a switchboard session); `cookie` lets them join it. */
      kind: 'ring';
      sessionId: string;
      cookie: string;
      from: { email: string; friendlyName: string };
    };

/** A real client signed in as a user (an MSNP notification connection). */
export interface Endpoint {
  readonly id: string;
  readonly userId: number;
  /** Has the client had its initial presence list? Until then it gets no live updates. */
  readonly live: boolean;
  notify(event: EndpointEvent): void;
  /** Signs the client out: OTH = signed in elsewhere, SSD = server shutting down. */
  kick(reason: 'OTH' | 'SSD' | 'KICK'): void;
}

interface SessionPresence {
  status: Status; // FLN until the client's first CHG
  capabilities: string;
  msnObject: string;
}

interface Snapshot {
  status: Status;
  friendlyName: string;
  capabilities: string;
  msnObject: string;
  psm: string;
  currentMedia: string;
}

export class PresenceHub {
  private readonly endpoints = new Map<number, Endpoint>();
  private readonly session = new Map<number, SessionPresence>();
  /** Called after every change that watchers were told about (the panel listens). */
  onChange: (user: User, snapshot: Snapshot) => void = () => {};
  /** The MSN object (display picture) of an account the panel drives; "" for none. */
  panelMsnObject: (userId: number) => string = () => '';

  constructor(
    private readonly users: UsersStore,
    private readonly lists: ListsStore,
  ) {}

  endpointOf(userId: number): Endpoint | undefined {
    return this.endpoints.get(userId);
  }

  isSignedIn(userId: number): boolean {
    return this.endpoints.has(userId);
  }

  allEndpoints(): Endpoint[] {
    return [...this.endpoints.values()];
  }

  /** A client finished signing in. An earlier client of the same account is signed out (OUT OTH). */
  attach(ep: Endpoint): void {
    const old = this.endpoints.get(ep.userId);
    if (old && old !== ep) {
      this.detach(old);
      old.kick('OTH');
    }
    // Until the client's first CHG the account counts as offline, whatever the panel said.
    this.change(ep.userId, () => {
      this.endpoints.set(ep.userId, ep);
      this.session.set(ep.userId, { status: 'FLN', capabilities: '0', msnObject: '' });
    });
  }

  /** The client left (OUT, dropped, kicked): watchers see FLN, the panel status resets to offline. */
  detach(ep: Endpoint): void {
    if (this.endpoints.get(ep.userId) !== ep) return;
    this.change(ep.userId, () => {
      this.endpoints.delete(ep.userId);
      this.session.delete(ep.userId);
      this.users.update(ep.userId, { panelStatus: 'FLN' });
    });
  }

  /** CHG from a signed-in client. */
  setSessionPresence(userId: number, status: Status, capabilities: string, msnObject: string): void {
    this.change(userId, () => this.session.set(userId, { status, capabilities, msnObject }));
  }

  /** Applies a stored change (name, PSM, panel status) and tells every watcher what it now sees. */
  change<T>(userId: number, mutate: () => T): T {
    return this.changeMany([userId], mutate);
  }

  /**
   * Runs `mutate` (a change of presence, names, lists or privacy) and tells every live watcher of
   * each subject what it sees now, when that differs from what it saw before.
   */
  changeMany<T>(subjectIds: number[], mutate: () => T): T {
    const before = subjectIds.map((id) => this.watchState(id));
    const result = mutate();
    subjectIds.forEach((id, i) => this.announce(id, before[i]!));
    return result;
  }

  private watchState(subjectId: number): { snap?: Snapshot; seen: Map<number, Status> } {
    const user = this.users.byId(subjectId);
    const snap = this.snapshot(subjectId);
    const seen = new Map<number, Status>();
    if (!user || !snap) return { seen };
    for (const watcherId of this.liveWatchers(subjectId)) {
      const relation = this.lists.entry(subjectId, watcherId)?.lists ?? 0;
      seen.set(watcherId, visibleStatus(snap.status, relation, user.blp));
    }
    return { snap, seen };
  }

  private announce(subjectId: number, before: { snap?: Snapshot; seen: Map<number, Status> }): void {
    const user = this.users.byId(subjectId);
    const after = this.snapshot(subjectId);
    if (!user || !after) return;
    for (const watcherId of this.liveWatchers(subjectId)) {
      const ep = this.endpoints.get(watcherId)!;
      const relation = this.lists.entry(subjectId, watcherId)?.lists ?? 0;
      const wasStatus = before.seen.get(watcherId) ?? 'FLN';
      const view = toView(user.email, after, visibleStatus(after.status, relation, user.blp));
      const wasVisible = wasStatus !== 'FLN';
      if (!wasVisible && view.status === 'FLN') continue;
      if (wasStatus === view.status && before.snap && sameSnapshot(before.snap, after)) continue;
      const b = before.snap;
      ep.notify({
        kind: 'presence',
        view,
        appeared: !wasVisible,
        basicChanged:
          !wasVisible ||
          !b ||
          wasStatus !== view.status ||
          b.friendlyName !== after.friendlyName ||
          b.capabilities !== after.capabilities ||
          b.msnObject !== after.msnObject,
        extendedChanged:
          !wasVisible || !before.snap || before.snap.psm !== after.psm || before.snap.currentMedia !== after.currentMedia,
      });
    }
    if (!before.snap || !sameSnapshot(before.snap, after)) this.onChange(user, after);
  }

  /** Users who have `subjectId` on their FL and have a client that wants live presence. */
  private liveWatchers(subjectId: number): number[] {
    return this.lists.ownersWith(subjectId, List.FL).filter((w) => this.endpoints.get(w)?.live);
  }

  /** What `subjectId` looks like to `watcherId` right now. */
  viewFor(subjectId: number, watcherId: number): PresenceView | undefined {
    const user = this.users.byId(subjectId);
    const snap = this.snapshot(subjectId);
    if (!user || !snap) return undefined;
    const relation = this.lists.entry(subjectId, watcherId)?.lists ?? 0;
    return toView(user.email, snap, visibleStatus(snap.status, relation, user.blp));
  }

  /** The true presence of a user (what the panel shows), before visibility rules. */
  snapshot(userId: number): Snapshot | undefined {
    const user = this.users.byId(userId);
    if (!user) return undefined;
    const s = this.endpoints.has(userId) ? this.session.get(userId) : undefined;
    return {
      status: s ? s.status : user.panelStatus,
      friendlyName: user.friendlyName,
      capabilities: s ? s.capabilities : PANEL_CAPABILITIES,
      msnObject: s ? s.msnObject : this.panelMsnObject(userId),
      psm: user.psm,
      currentMedia: user.currentMedia,
    };
  }
}

/** The status a watcher sees, given the subject's true status, the subject's lists bits for the watcher and BLP. */
export function visibleStatus(status: Status, relation: number, blp: 'AL' | 'BL'): Status {
  if (status === 'HDN' || status === 'FLN') return 'FLN';
  if (relation & List.BL) return 'FLN';
  if (relation & List.AL) return status;
  return blp === 'AL' ? status : 'FLN';
}

function toView(email: string, s: Snapshot, status: Status): PresenceView {
  return {
    email,
    friendlyName: s.friendlyName,
    status,
    capabilities: s.capabilities,
    msnObject: s.msnObject,
    psm: s.psm,
    currentMedia: s.currentMedia,
  };
}

function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  return (
    a.status === b.status &&
    a.friendlyName === b.friendlyName &&
    a.capabilities === b.capabilities &&
    a.msnObject === b.msnObject &&
    a.psm === b.psm &&
    a.currentMedia === b.currentMedia
  );
}
