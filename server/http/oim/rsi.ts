// rsi.asmx: where WLM 8+ / Messenger for Mac read and delete their offline messages.
//   POST /rsi/rsi.asmx   SOAPAction: "http://www.hotmail.msn.com/ws/2004/09/oim/rsi/GetMessage"
//   <soap:Header><PassportCookie xmlns="…/oim/rsi"><t>TICKET</t><p>PROFILE</p></PassportCookie></soap:Header>
//   <soap:Body><GetMessage xmlns="…/oim/rsi"><messageId>6B2F…</messageId><alsoMarkAsRead>false</alsoMarkAsRead></GetMessage>
// The t of PassportCookie is the messenger.msn.com ticket split at "&p=" (fact sheet §10.3). Only
// the ticket's account's messages are ever read or deleted.
import type { Core } from '../../core/core';
import { extractTicket } from '../../core/tickets';
import type { User } from '../../core/model';
import { child, childrenNamed, parseXml, path, type XmlElement } from '../../xml/xml';
import type { HttpExchange } from '../exchange';
import { soapActionName } from '../soap/service';
import { xmlEscape, type SoapReply } from '../soap/envelope';
import { formatOim, mailData } from './mail-data';
import { rsiFault, rsiResponse } from './oim-soap';

export const RSI_PATH = '/rsi/rsi.asmx';

/** DeleteMessages takes at most this many ids at once. */
const MAX_DELETE = 500;

export function handleRsi(ex: HttpExchange, core: Core): void {
  const reply = rsi(ex, core);
  if (reply.errorcode) ex.note(`RSI answered with a fault (${reply.errorcode})`);
  ex.reply(reply.status, [['Content-Type', 'text/xml; charset=utf-8']], reply.xml);
}

function rsi(ex: HttpExchange, core: Core): SoapReply {
  const refuse = (why: string, code?: string) => {
    ex.note(`RSI refused: ${why}`);
    return rsiFault(why, code);
  };
  let doc: XmlElement;
  try {
    doc = parseXml(ex.body);
  } catch (e) {
    return refuse(`the request is not XML this server reads (${(e as Error).message})`);
  }
  const action = path(doc, 'Body')?.children[0];
  if (!action) return refuse('the Body holds no action');
  const headerAction = soapActionName(ex.header('soapaction'));
  if (headerAction && headerAction.toLowerCase() !== action.name.toLowerCase()) {
    return refuse(`SOAPAction names ${headerAction} but the Body holds <${action.name}>`);
  }
  const user = cookieUser(core, doc);
  if (!user) return refuse('the PassportCookie ticket is missing, forged or expired; sign in again', 'AuthenticationFailed');
  ex.setAccount(user.email);

  switch (action.name) {
    case 'GetMetadata':
      return rsiResponse('GetMetadata', mailData(core.oims.forRecipient(user.id)));
    case 'GetMessage': {
      const id = child(action, 'messageId')?.text ?? '';
      const message = id ? core.oims.get(user.id, id) : undefined;
      if (!message) return refuse(`no offline message ${id.slice(0, 60) || '(no messageId)'} for ${user.email}`);
      if (child(action, 'alsoMarkAsRead')?.text === 'true') core.oims.markRead(user.id, message.id);
      return rsiResponse('GetMessage', `<GetMessageResult>${xmlEscape(formatOim(message, user.email))}</GetMessageResult>`);
    }
    case 'DeleteMessages': {
      const ids = childrenNamed(child(action, 'messageIds'), 'messageId').map((m) => m.text).filter(Boolean);
      if (ids.length === 0 || ids.length > MAX_DELETE) return refuse(`DeleteMessages needs 1 to ${MAX_DELETE} messageIds`);
      if (!core.oims.delete(user.id, ids)) return refuse('one of the messageIds is not an offline message of this account; nothing was deleted');
      ex.note(`RSI deleted ${ids.length} offline message(s) of ${user.email}`);
      return rsiResponse('DeleteMessages', '');
    }
    default:
      return refuse(`${action.name} is not an action of rsi.asmx (GetMetadata, GetMessage, DeleteMessages)`);
  }
}

function cookieUser(core: Core, doc: XmlElement): User | undefined {
  const t = path(doc, 'Header', 'PassportCookie', 't')?.text;
  if (!t) return undefined;
  const claims = core.tickets.verify(extractTicket(t));
  return claims ? core.users.byId(claims.userId) : undefined;
}
