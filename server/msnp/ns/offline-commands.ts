// UUM: MSNP18 clients (WLM 2009) may leave an offline message on the NS instead of Store2
// (fact sheet §10.3, ESC _m_uum). Network 1 is Windows Live; type 1 is a text message:
//   C: UUM 20 bob@lan 1 1 143\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nDest-Agent: client\r\n\r\nhello
// The message is committed before anything else happens. A stored message gets no reply line
// (ESC answers none, and WLM 2009 waits for none); refusals are numbered errors:
// 208 no such account, 217 the recipient does not take messages from the sender, 201 a malformed
// or oversized message, 204 a network this server does not connect to (Yahoo).
import { parseMessage, bodyText } from '../sb/message';
import type { NsHandler } from './ns-session';

const WINDOWS_LIVE = '1';
const YAHOO = '32';

const uum: NsHandler = (s, cmd, trid) => {
  const [, address, network, type] = cmd.args;
  const email = address?.toLowerCase();
  if (!email || !network || !type || !/^\d{1,2}$/.test(network) || !/^[1-4]$/.test(type)) {
    s.conn.error(201, trid, 'UUM needs an address, a network id, a message type 1-4 and a length');
    return;
  }
  if (network === YAHOO) {
    s.conn.error(204, trid, 'this server does not connect to the Yahoo! network');
    return;
  }
  if (network !== WINDOWS_LIVE || !s.dialect!.sendsOfflineMessagesByUum) {
    s.conn.error(201, trid, `${s.dialect!.name} clients leave offline messages with Store2, not UUM on network ${network}`);
    return;
  }
  // Types 2-4 (typing, nudge, action) to someone offline have nothing to keep.
  if (type !== '1') return;
  const payload = cmd.payload ?? Buffer.alloc(0);
  const msg = parseMessage(payload);
  if (!msg || msg.contentType !== 'text/plain') {
    s.conn.note('UUM refused: the payload is not a text/plain MIME message');
    s.conn.error(201, trid, 'UUM carries a text/plain MIME message');
    return;
  }
  const text = bodyText(payload, msg);
  const sender = s.ctx.core.users.byId(s.userId)!;
  const outcome = s.ctx.core.oims.leave(sender, email, text, { originIp: s.conn.remote, proxy: 'MSNMSGR' });
  if (!outcome.ok) {
    s.conn.note(`UUM offline message refused: ${outcome.why}`);
    s.conn.error(outcome.reason === 'no-recipient' ? 208 : outcome.reason === 'blocked' ? 217 : 201, trid, outcome.why);
    return;
  }
  s.conn.note(`UUM: offline message ${outcome.message.id} stored for ${email}`);
};

export const OFFLINE_COMMANDS: Record<string, NsHandler> = { UUM: uum };
