// Telling a signed-in user about their offline messages, in their dialect. MSNP13+ get Mail-Data
// from "Hotmail" (fact sheet §10.2, ESC): at sign-in after the presence burst, again when one
// arrives while they are signed in (hidden, say), and a count when some were deleted:
//   S: MSG Hotmail Hotmail 211   Content-Type: text/x-msmsgsinitialmdatanotification   Mail-Data: <MD>…</MD>
//   S: MSG Hotmail Hotmail 301   Content-Type: text/x-msmsgsoimnotification            Mail-Data: <MD><M>…</M><SU> </SU></MD>
//   S: MSG Hotmail Hotmail 148   Content-Type: text/x-msmsgsactivemailnotification     Src-Folder: .!!OIM …
// MSN 5-7.5 (no OIM) have theirs replayed on the switchboard instead.
import type { Core } from '../../core/core';
import type { OfflineMessage } from '../../store/oim-store';
import { initialMailData, newMessageMailData } from '../../http/oim/mail-data';
import type { NsSession } from './ns-session';

function hotmail(s: NsSession, contentType: string, fields: string): void {
  const payload = `MIME-Version: 1.0\r\nContent-Type: ${contentType}; charset=UTF-8\r\n\r\n${fields}\r\n`;
  s.send(`MSG Hotmail Hotmail ${Buffer.byteLength(payload)}`, payload);
}

/**
 * After the first CHG's presence burst: what is waiting. Only sent when something is — a client
 * with no Mail-Data simply has no offline messages — so quiet sign-ins stay as they were.
 */
export function deliverWaitingOfflineMessages(s: NsSession): void {
  const waiting = s.ctx.core.oims.forRecipient(s.userId);
  if (waiting.length === 0) return;
  if (s.dialect!.readsOfflineMessages) hotmail(s, 'text/x-msmsgsinitialmdatanotification', `Mail-Data: ${initialMailData(waiting)}`);
  else s.ctx.offlineReplay?.start(s.userId);
}

/** Keeps signed-in recipients told as messages arrive and go; returns the unsubscriber. */
export function watchOfflineMessages(core: Core, sessions: () => Iterable<NsSession>): () => void {
  const recipientsOf = (userId: number) => [...sessions()].filter((s) => s.userId === userId && s.live && !s.conn.isClosed);
  const onStored = (m: OfflineMessage) => {
    let replay = false;
    for (const s of recipientsOf(m.recipientId)) {
      if (s.dialect!.readsOfflineMessages) hotmail(s, 'text/x-msmsgsoimnotification', `Mail-Data: ${newMessageMailData(m)}`);
      else replay = true;
    }
    if (replay) for (const s of recipientsOf(m.recipientId).slice(0, 1)) s.ctx.offlineReplay?.start(s.userId);
  };
  const onDeleted = (d: { recipientId: number; count: number }) => {
    for (const s of recipientsOf(d.recipientId)) {
      if (!s.dialect!.readsOfflineMessages) continue;
      hotmail(s, 'text/x-msmsgsactivemailnotification', `Src-Folder: .!!OIM\r\nDest-Folder: .!!trAsH\r\nMessage-Delta: ${d.count}`);
    }
  };
  core.oims.events.on('stored', onStored);
  core.oims.events.on('deleted', onDeleted);
  return () => {
    core.oims.events.off('stored', onStored);
    core.oims.events.off('deleted', onDeleted);
  };
}
