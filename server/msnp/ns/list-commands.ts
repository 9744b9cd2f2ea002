// MSNP13+ list commands. The address book (SOAP) is the stored truth; ADL/RML tell the server
// what the client's lists are and change them during a session.
//   C: ADL 5 245 <ml l="1"><d n="local"><c n="away" l="3" t="1" />…</d></ml>    S: ADL 5 OK
//   C: RML 12 52 <ml><d n="local"><c n="bob" l="1" t="1" /></d></ml>          S: RML 12 OK
import { CoreError } from '../../core/errors';
import type { User } from '../../core/model';
import type { NsHandler, NsSession } from './ns-session';
import { parseMl, type MlContact } from './ml-payload';
import { AddressBook } from '../../core/address-book';

/** Resolves every address first, so an unknown one (208) changes nothing at all. */
function resolve(s: NsSession, contacts: MlContact[], trid: string): { user: User; c: MlContact }[] | undefined {
  const out: { user: User; c: MlContact }[] = [];
  for (const c of contacts) {
    const user = s.ctx.core.users.byEmail(c.email);
    if (!user) {
      s.conn.error(208, trid, `${c.email} has no account on this server`);
      return undefined;
    }
    out.push({ user, c });
  }
  return out;
}

function parse(s: NsSession, verb: 'ADL' | 'RML', payload: Buffer | undefined, trid: string) {
  const ml = parseMl(payload ?? Buffer.alloc(0), { listsRequired: true });
  if (!ml.ok) {
    s.conn.error(ml.code, trid, `${verb} refused: ${ml.why}`);
    // A list document we cannot read leaves the client's view and ours apart: start over.
    if (ml.code !== 204) s.conn.close(`${verb} with an unusable list`);
    return undefined;
  }
  return ml;
}

const CORE_ERROR_CODES: Partial<Record<CoreError['code'], number>> = {
  'in-opposite-list': 219,
  'list-full': 210,
  'not-on-list': 216,
};

const adl: NsHandler = (s, cmd, trid) => {
  const ml = parse(s, 'ADL', cmd.payload, trid);
  if (!ml) return;
  const targets = resolve(s, ml.contacts, trid);
  if (!targets) return;
  // The initial list (l="1") restates what the client read from the address book: nothing to change.
  if (!ml.initial) {
    try {
      // The reply goes before the presence of newly added contacts.
      s.hold(() => {
        for (const { user, c } of targets) s.ctx.core.directory.addToLists(s.userId, user.id, c.lists);
      });
    } catch (e) {
      if (e instanceof CoreError && CORE_ERROR_CODES[e.code]) {
        s.conn.error(CORE_ERROR_CODES[e.code]!, trid, e.message);
        return;
      }
      throw e;
    }
  }
  s.send(`ADL ${trid} OK`);
  s.release();
};

const rml: NsHandler = (s, cmd, trid) => {
  const ml = parse(s, 'RML', cmd.payload, trid);
  if (!ml) return;
  const targets = resolve(s, ml.contacts, trid);
  if (!targets) return;
  const book = AddressBook.of(s.ctx.core);
  for (const { user, c } of targets) {
    const current = s.ctx.core.lists.entry(s.userId, user.id)?.lists ?? 0;
    // WLM removes over SOAP first (ABContactDelete, DeleteMember), then sends RML: already done is fine.
    if ((current & c.lists) !== c.lists && !book.store.wasRemoved(s.userId, user.id, c.lists & ~current)) {
      s.conn.error(216, trid, `${c.email} is not on every list named (l="${c.lists}")`);
      return;
    }
  }
  for (const { user, c } of targets) s.ctx.core.directory.removeFromLists(s.userId, user.id, c.lists);
  s.send(`RML ${trid} OK`);
};

export const LIST_COMMANDS: Record<string, NsHandler> = { ADL: adl, RML: rml };
