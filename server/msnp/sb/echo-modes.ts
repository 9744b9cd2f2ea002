// Echo mode, per panel-driven contact: it says back whatever it is told (for trying a client out
// alone). Kept in the settings table as "echo_mode:<account guid>" = "1" | "0", so it survives a
// restart and cannot leak onto a later account with the same address.
import { getSetting, setSetting, type Db } from '../../store/db';
import type { User } from '../../core/model';
import type { UsersStore } from '../../store/users-store';

export class EchoModes {
  private readonly cache = new Map<string, boolean>();

  constructor(
    private readonly db: Db,
    private readonly users: UsersStore,
  ) {}

  isOn(user: User): boolean {
    let on = this.cache.get(user.guid);
    if (on === undefined) {
      on = getSetting(this.db, key(user)) === '1';
      this.cache.set(user.guid, on);
    }
    return on;
  }

  set(user: User, on: boolean): void {
    setSetting(this.db, key(user), on ? '1' : '0');
    this.cache.set(user.guid, on);
  }

  /** Addresses of the accounts in echo mode. */
  list(): string[] {
    return this.users.all().filter((u) => this.isOn(u)).map((u) => u.email);
  }
}

function key(user: User): string {
  return `echo_mode:${user.guid}`;
}
