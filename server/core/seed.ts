// Fills a data folder with many accounts, through the core (the same rules and triggers as the
// panel and the clients), fast: the password is hashed once for every account, and everything
// is written in a few large transactions.
//   bench0@example.com … bench{N-1}@example.com, each with K contacts (the next K accounts, on FL
//   and AL both ways, so each account is also watched by K others); with groups, every contact is
//   in one of the owner's groups; with W watchers, star@example.com is on the FL of bench0 … bench{W-1}.
import { Core } from './core';
import { List } from './model';
import { hashPassword } from './passwords';
import { transaction } from '../store/statements';

export interface SeedOptions {
  accounts: number;
  contacts: number;
  groups?: boolean;
  watchers?: number;
  password: string;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
}

export const STAR = 'star@example.com';
export const benchEmail = (i: number): string => `bench${i}@example.com`;
const GROUP_NAMES = ['Friends', 'Family', 'Work'];
/** Accounts written per transaction: large enough to amortise the fsync, small enough to show progress. */
const BATCH = 500;

export async function seed(core: Core, o: SeedOptions): Promise<{ accounts: number; contactRows: number; ms: number }> {
  const t0 = Date.now();
  const log = o.log ?? (() => {});
  const hash = await hashPassword(o.password);
  const dir = core.directory;
  const ids: number[] = [];
  for (let from = 0; from < o.accounts; from += BATCH) {
    transaction(core.db, () => {
      for (let i = from; i < Math.min(o.accounts, from + BATCH); i++) {
        ids.push((core.users.byEmail(benchEmail(i)) ?? dir.createAccountWithHash(benchEmail(i), hash, `Bench ${i}`)).id);
      }
    });
  }
  log(`${o.accounts} accounts (${Date.now() - t0} ms)`);
  const k = Math.min(o.contacts, o.accounts - 1);
  let contactRows = 0;
  for (let from = 0; from < o.accounts; from += BATCH) {
    transaction(core.db, () => {
      for (let i = from; i < Math.min(o.accounts, from + BATCH); i++) {
        const owner = ids[i]!;
        const groups = o.groups ? groupIds(core, owner) : [];
        for (let n = 1; n <= k; n++) {
          const contact = ids[(i + n) % o.accounts]!;
          dir.addToLists(owner, contact, List.FL | List.AL);
          contactRows++;
          if (groups.length) {
            const g = groups[n % groups.length]!;
            if (!core.lists.entry(owner, contact)?.groups.includes(g)) core.groups.addMember(owner, contact, g);
          }
        }
      }
    });
    if ((from / BATCH) % 4 === 3) log(`contacts of ${Math.min(o.accounts, from + BATCH)} accounts (${Date.now() - t0} ms)`);
  }
  const watchers = Math.min(o.watchers ?? 0, o.accounts);
  if (watchers > 0) {
    const star = core.users.byEmail(STAR) ?? dir.createAccountWithHash(STAR, hash, 'Star');
    transaction(core.db, () => {
      for (let i = 0; i < watchers; i++) {
        dir.addToLists(ids[i]!, star.id, List.FL | List.AL);
        dir.addToLists(star.id, ids[i]!, List.AL);
      }
    });
    if (o.groups) {
      transaction(core.db, () => {
        for (let i = 0; i < watchers; i++) {
          const g = groupIds(core, ids[i]!)[0]!;
          if (!core.lists.entry(ids[i]!, star.id)?.groups.includes(g)) core.groups.addMember(ids[i]!, star.id, g);
        }
      });
    }
  }
  const ms = Date.now() - t0;
  log(`done: ${o.accounts} accounts, ${contactRows} contacts, ${watchers} watchers of ${STAR} (${ms} ms)`);
  return { accounts: o.accounts, contactRows, ms };
}

/** The owner's bench groups, made on first use. */
function groupIds(core: Core, ownerId: number): string[] {
  const have = core.groups.all(ownerId);
  for (const name of GROUP_NAMES) if (!have.some((g) => g.name === name)) have.push(core.groups.add(ownerId, name));
  return have.filter((g) => GROUP_NAMES.includes(g.name)).map((g) => g.id);
}
