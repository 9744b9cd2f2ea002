// One switchboard session: who is in it, in the order they joined, and the rules for joining,
// leaving and relaying. It ends when its last client leaves (panel-driven contacts do not keep it
// alive on their own).
import type { ChatMessage } from './message';
import type { SbParticipant } from './participant';

/** What the registry and the conversation log hear about a session. */
export interface ChatHooks {
  joined(chat: SbChat, member: SbParticipant): void;
  left(chat: SbChat, member: SbParticipant): void;
  relayed(chat: SbChat, from: SbParticipant, payload: Buffer, msg: ChatMessage): void;
  ended(chat: SbChat): void;
}

export class SbChat {
  private readonly list: SbParticipant[] = [];
  readonly startedAt = Date.now();
  private over = false;

  constructor(
    /** The session id of CAL RINGING / RNG / ANS: a decimal number. */
    readonly id: string,
    private readonly hooks: ChatHooks,
  ) {}

  get members(): readonly SbParticipant[] {
    return this.list;
  }

  get ended(): boolean {
    return this.over;
  }

  has(userId: number): boolean {
    return this.list.some((m) => m.userId === userId);
  }

  /** Is this place of the account (its machine GUID, or none) in the session already? */
  hasPlace(userId: number, guid: string | undefined): boolean {
    const g = guid?.toLowerCase();
    return this.list.some((m) => m.userId === userId && m.guid?.toLowerCase() === g);
  }

  /** Adds a member; everyone already there gets JOI. (The newcomer's IRO is sent by its caller.) */
  join(member: SbParticipant): void {
    if (this.over) return;
    // A second place of an account already here is announced by its ";{guid}" handle only.
    const first = !this.has(member.userId);
    for (const m of this.list) m.memberJoined(member, first);
    this.list.push(member);
    this.hooks.joined(this, member);
  }

  /** Takes a member out; the others get BYE. The last client out ends the session. */
  leave(member: SbParticipant): void {
    const i = this.list.indexOf(member);
    if (i < 0) return;
    this.list.splice(i, 1);
    const last = !this.has(member.userId);
    for (const m of this.list) m.memberLeft(member, last);
    this.hooks.left(this, member);
    if (!this.list.some((m) => !m.internal)) this.end();
  }

  /** Gives a message to every other member; returns how many got it. */
  relay(from: SbParticipant, payload: Buffer, msg: ChatMessage): number {
    let delivered = 0;
    // A copy: a member may leave while receiving (a panel-driven contact taken offline, say).
    for (const m of [...this.list]) {
      if (m === from) continue;
      m.deliver(from, payload, msg);
      delivered++;
    }
    if (delivered > 0) this.hooks.relayed(this, from, payload, msg);
    return delivered;
  }

  private end(): void {
    if (this.over) return;
    this.over = true;
    const rest = this.list.splice(0);
    for (const m of rest) {
      m.sessionEnded();
      this.hooks.left(this, m);
    }
    this.hooks.ended(this);
  }
}
