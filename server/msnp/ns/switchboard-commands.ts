// XFR SB: a client asks for a switchboard to start a conversation. It gets the switchboard's
// address (from configuration) and a one-use cookie bound to its account.
//   C: XFR 10 SB     S: XFR 10 SB 10.0.0.2:1864 CKI 1029384756.2837465520.4190263812 U messenger.msn.com 1 (MSNP14+)
import type { NsHandler } from './ns-session';
import type { PublicAddresses } from './context';

/** "10.0.0.2:1864": where XFR and RNG send clients. */
export function sbAddress(a: PublicAddresses): string {
  return `${a.host}:${a.sbPort}`;
}

const xfr: NsHandler = (s, cmd, trid) => {
  if (cmd.args[1] !== 'SB') {
    s.conn.error(201, trid, `XFR to "${cmd.args[1] ?? ''}": clients may only ask for SB`);
    return;
  }
  const user = s.ctx.core.users.byId(s.userId);
  const status = s.ctx.core.presence.snapshot(s.userId)?.status;
  // Before the first CHG the user is offline to everyone; hidden users may start conversations only
  // where the dialect allows it (MSNP13+, see Msnp13.hiddenMayStartChats).
  const hiddenRefused = status === 'HDN' && !s.dialect!.hiddenMayStartChats;
  if (!user || !s.live || hiddenRefused || status === 'FLN') {
    s.conn.error(913, trid, `XFR SB while ${s.live ? 'appearing offline' : 'not yet online (no CHG)'}`);
    return;
  }
  if (!s.acceptsInvitations) {
    s.conn.error(913, trid, 'XFR SB after IMS OFF: the client said it takes part in no conversations');
    return;
  }
  const sb = s.ctx.switchboard;
  if (!sb) {
    s.conn.error(500, trid, 'the switchboard is not running');
    return;
  }
  const granted = sb.requestSession(user);
  if (!granted.ok) {
    s.conn.error(granted.code, trid, `XFR SB refused: ${granted.why}`);
    return;
  }
  s.send(s.dialect!.xfrSb(trid, sbAddress(s.ctx.addresses()), granted.cookie));
};

export const SWITCHBOARD_COMMANDS: Record<string, NsHandler> = { XFR: xfr };
