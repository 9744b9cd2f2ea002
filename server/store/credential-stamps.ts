// What a ticket is bound to: the account's GUID (random, never reused, unlike users.id, which
// SQLite hands out again after a delete) and its credential generation, bumped on every password
// change. A ticket naming a GUID that no longer exists, or an older generation, is dead.
//   ticket "v2|3f0c…-guid|4|messenger|1767000000000|nonce" → holder(guid) = { id: 7, generation: 4 }
import type { Db } from './db';

/** Appended at the end of MIGRATIONS (db.ts); existing accounts start at generation 0. */
export const CREDENTIAL_GENERATION_MIGRATION = `
  ALTER TABLE users ADD COLUMN credential_generation INTEGER NOT NULL DEFAULT 0;
`;

export interface CredentialHolder {
  id: number;
  guid: string;
  generation: number;
}

export class CredentialStamps {
  constructor(private readonly db: Db) {}

  /** The account a ticket's GUID names, with its current generation; undefined once deleted. */
  holder(guid: string): CredentialHolder | undefined {
    return this.db.prepare('SELECT id, guid, credential_generation AS generation FROM users WHERE guid = ?').get(guid) as
      | CredentialHolder
      | undefined;
  }

  /** The stamp to put in a new ticket for account `id`. */
  stampOf(id: number): CredentialHolder | undefined {
    return this.db.prepare('SELECT id, guid, credential_generation AS generation FROM users WHERE id = ?').get(id) as
      | CredentialHolder
      | undefined;
  }

  /** Every ticket issued so far for this account stops working (password changed). */
  revoke(id: number): void {
    this.db.prepare('UPDATE users SET credential_generation = credential_generation + 1 WHERE id = ?').run(id);
  }
}
