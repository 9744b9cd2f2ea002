// The panel's list queries, one statement per list whatever its length: an owner's contacts with
// what each contact's row needs (name, message, status set from the panel, privacy, and the
// contact's own lists about the owner), and a page of accounts matching a search.
import type { Db } from './db';
import type { Blp, Status } from '../core/model';

export interface ContactFacts {
  friendlyName: string;
  psm: string;
  panelStatus: Status;
  blp: Blp;
  /** The contact's list bits for the owner: whether it blocks or allows the owner. */
  theirLists: number;
}

export function contactFacts(db: Db, ownerId: number): Map<number, ContactFacts> {
  const rows = db
    .prepare(
      `SELECT u.id, u.friendly_name, u.psm, u.panel_status, u.blp, COALESCE(r.lists, 0) AS their_lists
       FROM contacts c JOIN users u ON u.id = c.contact_id
       LEFT JOIN contacts r ON r.owner_id = c.contact_id AND r.contact_id = c.owner_id
       WHERE c.owner_id = ?`,
    )
    .all(ownerId) as { id: number; friendly_name: string; psm: string; panel_status: Status; blp: Blp; their_lists: number }[];
  return new Map(rows.map((r) => [r.id, { friendlyName: r.friendly_name, psm: r.psm, panelStatus: r.panel_status, blp: r.blp, theirLists: r.their_lists }]));
}

export interface AccountRow {
  id: number;
  email: string;
  friendlyName: string;
  psm: string;
  panelStatus: Status;
}

/** Accounts in creation order, `limit` from `offset`, whose address or name contains `search`. */
export function accountsPage(db: Db, o: { offset: number; limit: number; search?: string }): { total: number; rows: AccountRow[] } {
  const like = o.search ? `%${o.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const where = like ? `WHERE lower(email) LIKE @like ESCAPE '\\' OR lower(friendly_name) LIKE @like ESCAPE '\\'` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM users ${where}`).get(like ? { like } : {}) as { n: number }).n;
  const rows = db
    .prepare(`SELECT id, email, friendly_name, psm, panel_status FROM users ${where} ORDER BY id LIMIT @limit OFFSET @offset`)
    .all({ ...(like ? { like } : {}), limit: o.limit, offset: o.offset }) as { id: number; email: string; friendly_name: string; psm: string; panel_status: Status }[];
  return { total, rows: rows.map((r) => ({ id: r.id, email: r.email, friendlyName: r.friendly_name, psm: r.psm, panelStatus: r.panel_status })) };
}
