// The panel's paged account list: one statement per page whatever the number of accounts, with a
// search. (A contact list comes from the lists the core holds in memory: no query at all.)
import type { Db } from './db';
import type { Status } from '../core/model';

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
