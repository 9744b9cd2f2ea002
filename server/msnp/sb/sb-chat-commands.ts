// Inside a session: CAL (invite), MSG (relay to every other member), OUT (leave).
//   C: CAL 2 bob@lan          S: CAL 2 RINGING 1846392014
//   C: MSG 3 A 136 <MIME>      S: ACK 3          (the others: MSG alice@lan Alice 136 <the same bytes>)
//   C: OUT                     (the others: BYE alice@lan)
import type { SbHandler } from './sb-session';
import { P2P_CONTENT_TYPE, parseMessage } from './message';

/** Ack modes: U none; N a NAK if it could not be delivered; A and D an ACK, or a NAK. */
const ACK_MODES = new Set(['U', 'N', 'A', 'D']);

const cal: SbHandler = (s, cmd, trid) => {
  const chat = s.chat;
  const address = cmd.args[1];
  if (!chat || chat.ended) {
    s.conn.error(280, trid, 'CAL outside a session');
    return;
  }
  if (!address) {
    s.conn.error(208, trid, 'CAL needs an address');
    return;
  }
  const outcome = s.hub.call(chat, s, address, s.dialect.callsSelf);
  if (!outcome.ok) {
    s.conn.error(outcome.code, trid, `CAL ${address}: ${outcome.why}`);
    return;
  }
  s.send(`CAL ${trid} RINGING ${outcome.sessionId}`);
  // A WLM 2009 self-call: it is told it has joined, under its plain address.
  if (outcome.self) for (const line of s.dialect.sbJoined({ ...s.identity!, guid: undefined })) s.send(line);
  outcome.then?.();
};

const msg: SbHandler = (s, cmd, trid) => {
  const ack = cmd.args[1] ?? '';
  const payload = cmd.payload ?? Buffer.alloc(0);
  if (!ACK_MODES.has(ack) || cmd.args.length !== 3) {
    s.conn.close(`"${cmd.line.slice(0, 80)}": MSG takes an ack mode U, N, A or D and a length`);
    return;
  }
  const parsed = parseMessage(payload);
  if (!parsed) {
    // No MIME header block: the announced length and the bytes sent disagree, so nothing after
    // this can be framed correctly either.
    s.conn.close(`MSG ${trid} is not a MIME message (does its length lie?)`);
    return;
  }
  if (parsed.contentType === P2P_CONTENT_TYPE && ack !== 'D') {
    // P2P (MSNSLP) data must ask for delivery confirmation; clients always do.
    s.conn.error(282, trid, `${P2P_CONTENT_TYPE} sent with ack mode ${ack}, not D`);
    return;
  }
  const delivered = s.chat && !s.chat.ended ? s.chat.relay(s, payload, parsed) : 0;
  if (ack === 'U') return;
  if (delivered === 0) s.send(`NAK ${trid}`);
  else if (ack !== 'N') s.send(`ACK ${trid}`);
};

const out: SbHandler = (s) => {
  s.conn.close('the client left the conversation');
};

export const SB_CHAT_COMMANDS: Record<string, SbHandler> = { CAL: cal, MSG: msg, OUT: out };
