// oim.asmx Store2 (and the older Store): a WLM 8+ / Messenger for Mac client leaves an offline
// message. The answer comes only after the message is committed.
//   POST /OimWS/oim.asmx   SOAPAction: "http://messenger.live.com/ws/2006/09/oim/Store2"
//   <From memberName="alice@lan" friendlyName="=?utf-8?B?QWxpY2U=?=" proxy="MSNMSGR" msnpVer="MSNP15" buildVer="8.5.1302.1018"/>
//   <To memberName="bob@lan"/>  <Ticket passport="t=…&amp;p=…" appid="PROD0119GSJUC$18" lockkey=""/>
//   <Sequence><Identifier>http://messenger.msn.com</Identifier><MessageNumber>1</MessageNumber></Sequence>
//   Body: <MessageType>text</MessageType><Content>MIME-Version: 1.0 … base64 …</Content>
// Faults (fact sheet §10.3, ESC handle_oim): AuthenticationFailed + LockKeyChallenge (no or wrong lock
// key), AuthenticationFailed + TweenerChallenge (ticket refused), SystemUnavailable (no such recipient,
// or one who blocks the sender), InvalidContent (anything malformed or too large).
import type { Core } from '../../core/core';
import { extractTicket } from '../../core/tickets';
import { RateWindow } from '../../msnp/sb/rate-window';
import { child, parseXml, path, type XmlElement } from '../../xml/xml';
import type { HttpExchange } from '../exchange';
import { soapActionName } from '../soap/service';
import type { SoapReply } from '../soap/envelope';
import { LockKeys } from './lock-keys';
import { decodeEncodedWord, readOimContent } from './oim-content';
import { authDetail, OIM_NS_2004, OIM_NS_2006, oimFault, storeResponse } from './oim-soap';

export const OIM_PATH = '/oimws/oim.asmx';

/** At most this many offline messages per sender per minute; more get SenderThrottleLimitExceeded. */
const SENDS_PER_MINUTE = 30;

interface OimState {
  lockKeys: LockKeys;
  throttle: RateWindow;
}
const states = new WeakMap<Core, OimState>();
export function oimState(core: Core): OimState {
  let s = states.get(core);
  if (!s) states.set(core, (s = { lockKeys: new LockKeys(), throttle: new RateWindow(SENDS_PER_MINUTE, 60_000) }));
  return s;
}

/** The answer Passport's challenge string takes in a TweenerChallenge ("sign in again"). */
const TWEENER_CHALLENGE = 'ct=1,rver=5.0.3270.0,wp=FS_40SEC_0_COMPACT,lc=1033,id=507';

export function handleStore2(ex: HttpExchange, core: Core): void {
  const reply = store2(ex, core);
  if (reply.errorcode) ex.note(`OIM Store2 answered with ${reply.errorcode}`);
  ex.reply(reply.status, [['Content-Type', 'text/xml; charset=utf-8']], reply.xml);
}

/** A body over the HTTP limit (a megabyte of text, say): InvalidContent, and the connection closes. */
export function storeTooLarge(ex: HttpExchange): void {
  const ns = (ex.header('soapaction') ?? '').includes('messenger.msn.com/ws/2004/09/oim') ? OIM_NS_2004 : OIM_NS_2006;
  const reply = oimFault(ns, 'InvalidContent', 'The offline message was not stored: it is far too large; send a shorter one.');
  ex.note('OIM Store2 answered with InvalidContent (request too large)');
  ex.reply(reply.status, [['Content-Type', 'text/xml; charset=utf-8'], ['Connection', 'close']], reply.xml);
}

/**
 * The namespace to answer in: the one the client wrote its elements in. MSNPSharp 2.5.8 posts
 * SOAPAction …/2006/09/oim/Store2 with elements (and an expected StoreResponse) in the 2004
 * namespace of its WSDL; others use the 2006 one. Without elements to go by, the SOAPAction decides.
 */
function answerNamespace(ex: HttpExchange, from?: XmlElement): string {
  const written = from?.attrs.xmlns;
  if (written === OIM_NS_2004 || written === OIM_NS_2006) return written;
  return (ex.header('soapaction') ?? '').includes('messenger.msn.com/ws/2004/09/oim') ? OIM_NS_2004 : OIM_NS_2006;
}

function store2(ex: HttpExchange, core: Core): SoapReply {
  const action = soapActionName(ex.header('soapaction')) ?? 'Store2';
  let ns = answerNamespace(ex);
  const invalid = (why: string) => {
    ex.note(`OIM ${action} refused: ${why}`);
    return oimFault(ns, 'InvalidContent', `The offline message was not stored: ${why}.`);
  };
  if (action !== 'Store2' && action !== 'Store') return invalid(`${action} is not an action of oim.asmx (Store2 or Store)`);

  let doc: XmlElement;
  try {
    doc = parseXml(ex.body);
  } catch (e) {
    return invalid(`the request is not XML this server reads (${(e as Error).message})`);
  }
  const header = path(doc, 'Header');
  const body = path(doc, 'Body');
  const ticket = child(header, 'Ticket');
  const from = child(header, 'From');
  ns = answerNamespace(ex, from);
  const to = child(header, 'To')?.attrs.memberName;
  if (!ticket || !from || !to || !body) return invalid('the envelope needs From, To and Ticket headers and a Body');

  // Who is sending: only a ticket this server signed says so.
  const claims = core.tickets.verify(extractTicket(ticket.attrs.passport ?? ''));
  const user = claims ? core.users.byId(claims.userId) : undefined;
  if (!user) {
    ex.note('OIM Store2 refused: the Passport ticket is forged, expired or for a deleted account');
    return oimFault(ns, 'AuthenticationFailed', 'Your sign-in ticket is not valid any more; sign in again.', authDetail(ns, { tweenerChallenge: TWEENER_CHALLENGE }));
  }
  ex.setAccount(user.email);
  if ((from.attrs.memberName ?? '').toLowerCase() !== user.email) {
    ex.note(`OIM Store2 refused: From says ${from.attrs.memberName ?? '(nobody)'} but the ticket is ${user.email}'s`);
    return oimFault(ns, 'AuthenticationFailed', `The ticket belongs to ${user.email}; sign in as the sender.`, authDetail(ns, { tweenerChallenge: TWEENER_CHALLENGE }));
  }

  const state = oimState(core);
  const appId = ticket.attrs.appid ?? '';
  const lock = state.lockKeys.check(user.id, appId, ticket.attrs.lockkey ?? '');
  // The detail holds the LockKeyChallenge alone: MSNPSharp answers the detail's whole InnerText.
  if (lock === 'missing' || lock === 'wrong') {
    ex.note(`OIM Store2: ${lock === 'missing' ? 'no lock key yet' : 'the lock key is wrong'}; sending a LockKeyChallenge`);
    const challenge = state.lockKeys.challenge(user.id);
    return oimFault(ns, 'AuthenticationFailed', 'Answer the LockKeyChallenge and send again.', authDetail(ns, { lockKeyChallenge: challenge }));
  }
  if (lock === 'ok-unverifiable') ex.note(`OIM Store2: product ${appId || '(none)'} has no published key; its lock key is taken on trust`);

  const seqText = textOf(path(header, 'Sequence', 'MessageNumber'));
  const seq = Number(seqText);
  if (!/^\d{1,9}$/.test(seqText) || seq < 1) return invalid(`Sequence/MessageNumber "${seqText.slice(0, 20)}" is not a positive number`);
  const messageType = textOf(child(body, 'MessageType'));
  if (messageType !== 'text') return invalid(`MessageType "${messageType.slice(0, 20)}" (only text is stored)`);
  const contentEl = child(body, 'Content');
  if (!contentEl) return invalid('there is no Content');
  const content = readOimContent(contentEl.rawText, seq);
  if (!content.ok) return invalid(content.why);

  const senderName = decodeEncodedWord(from.attrs.friendlyName ?? '') || user.friendlyName;
  if (!state.throttle.take(user.id)) {
    ex.note(`OIM Store2 refused: more than ${SENDS_PER_MINUTE} offline messages from ${user.email} in a minute`);
    return oimFault(ns, 'SenderThrottleLimitExceeded', 'Too many offline messages in a short time; wait a minute.');
  }
  const outcome = core.oims.leave(user, to, content.text, {
    runId: content.runId,
    seq: content.seq,
    originIp: ex.remote ?? '',
    proxy: from.attrs.proxy ?? 'MSNMSGR',
    senderName,
  });
  if (!outcome.ok) {
    ex.note(`OIM Store2 refused: ${outcome.why}`);
    return outcome.reason === 'too-large' || outcome.reason === 'empty'
      ? oimFault(ns, 'InvalidContent', `The offline message was not stored: ${outcome.why}.`)
      : oimFault(ns, 'SystemUnavailable', `The offline message could not be delivered: ${outcome.why}.`);
  }
  ex.note(
    outcome.duplicate
      ? `OIM ${outcome.message.id} from ${user.email} to ${to} was already stored (a retry); acknowledged again`
      : `OIM ${outcome.message.id} stored for ${to} (${Buffer.byteLength(content.text)} bytes)`,
  );
  return storeResponse(ns, seq);
}

function textOf(el: XmlElement | undefined): string {
  return el?.text ?? '';
}
