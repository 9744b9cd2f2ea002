// What clients are told about stored offline messages: the Mail-Data document (initial NS
// notification, the live OIM notification, RSI GetMetadata) and the message itself as RSI's
// GetMessage returns it, an RFC 822 mail with a base64 body (fact sheet §10.2-10.3; ESC misc.py).
//   <MD><E>…</E><Q>…</Q><M><T>11</T><S>6</S><RT>2026-12-02T05:10:03.000Z</RT><RS>0</RS><SZ>912</SZ>
//   <E>alice@lan</E><I>6B2F…</I><F>00000000-0000-0000-0000-000000000009</F><N>=?utf-8?B?QWxpY2U=?=</N></M></MD>
import type { OfflineMessage } from '../../store/oim-store';
import { xmlEscape } from '../soap/envelope';

/** More than this many and the NS says "Mail-Data: too-large"; the client then asks GetMetadata. */
export const MAIL_DATA_MAX_ON_NS = 25;
const INBOX_FOLDER = '00000000-0000-0000-0000-000000000009';

/** RFC 2047 encoded-word, as the service wrote names: "=?utf-8?B?QWxpY2U=?=". */
export function encodedWord(s: string): string {
  return `=?utf-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
}

function mEntry(m: OfflineMessage, live: boolean): string {
  // A just-arrived message (the live notification) carries no received time and the .!!OIM folder.
  return (
    '<M><T>11</T><S>6</S>' +
    (live ? '' : `<RT>${new Date(m.sentAt).toISOString()}</RT>`) +
    `<RS>${m.read ? 1 : 0}</RS><SZ>${Buffer.byteLength(formatOim(m, ''))}</SZ>` +
    `<E>${xmlEscape(m.senderEmail)}</E><I>${xmlEscape(m.id)}</I>` +
    `<F>${live ? '.!!OIM' : INBOX_FOLDER}</F><N>${xmlEscape(encodedWord(m.senderName))}</N></M>` +
    (live ? '<SU> </SU>' : '')
  );
}

/** The whole <MD> document: mailbox counts, quota, and one <M> per message. */
export function mailData(messages: readonly OfflineMessage[]): string {
  return (
    '<MD><E><I>0</I><IU>0</IU><O>0</O><OU>0</OU></E><Q><QTM>409600</QTM><QNM>204800</QNM></Q>' +
    messages.map((m) => mEntry(m, false)).join('') +
    '</MD>'
  );
}

/** The Mail-Data value of the initial notification: the document, or "too-large". */
export function initialMailData(messages: readonly OfflineMessage[]): string {
  return messages.length > MAIL_DATA_MAX_ON_NS ? 'too-large' : mailData(messages);
}

/** The Mail-Data of the live notification for one new message. */
export function newMessageMailData(m: OfflineMessage): string {
  return `<MD>${mEntry(m, true)}</MD>`;
}

/** "Wed, 02 Dec 2026 05:10:03 +0000" */
function rfc822Date(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

/**
 * The message as RSI GetMessage returns it. The body is base64 in lines of 76 characters, the
 * X-OIM headers say which run and sequence number it was, and the client shows it as sent at Date.
 */
export function formatOim(m: OfflineMessage, recipientEmail: string): string {
  const body = Buffer.from(m.text, 'utf8').toString('base64').replace(/.{76}(?=.)/g, '$&\r\n');
  const headers = [
    `From: ${encodedWord(m.senderName)} <${m.senderEmail}>`,
    `To: ${recipientEmail}`,
    'Subject: ',
    `X-OIM-originatingSource: ${m.originIp}`,
    `X-OIMProxy: ${m.proxy}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    'X-OIM-Message-Type: OfflineMessage',
    `X-OIM-Run-Id: {${m.runId}}`,
    `X-OIM-Sequence-Num: ${m.seq}`,
    `Message-ID: <OIM-${m.id}@butterfly.lan>`,
    `Date: ${rfc822Date(m.sentAt)}`,
    'Return-Path: ndr@oim.messenger.msn.com',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${body}`;
}
