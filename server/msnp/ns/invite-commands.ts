// Invitations that leave Messenger, and MSN TV's invitation switch.
//   C: SND 12 friend@x 0x0409                      S: SND 12 OK
//   C: SDC 13 friend@x 0x0409 MSMSGS WindowsMessenger X X Me%20Myself 21\r\n<hi, join me on MSN>   S: SDC 13 OK
//   C: IMS 14 OFF                                  S: IMS 14 0 OFF
// SND/SDC asked the service to e-mail someone an invitation to use Messenger (MSN 5-7's "Invite a
// friend"; SDC adds the sender's name and a message). The service confirmed with "OK" (ESC msnp_ns.py
// _m_snd/_m_sdc answer the same); the mail went out later, outside MSNP. A LAN server has no mail to
// send, so it confirms, and the traffic view says no e-mail left this computer.
// IMS is MSN TV's (WebTV) switch for conversations: OFF means "no invitations, and I start none"
// (ESC _m_ims: toggles RNG and XFR; the reply repeats the value after a 0).
import { decodeParam } from '../codec';
import { isValidEmail } from '../../core/model';
import type { NsHandler, NsSession } from './ns-session';

/** The longest SDC message we take (the payload limit of the parser applies first). */
const MAX_SDC_MESSAGE_BYTES = 1024;

function invitee(s: NsSession, trid: string, address: string | undefined, verb: string): string | undefined {
  const email = (address ?? '').toLowerCase();
  if (!isValidEmail(email)) {
    s.conn.error(201, trid, `${verb} needs an e-mail address, not "${address ?? ''}"`);
    return undefined;
  }
  return email;
}

const snd: NsHandler = (s, cmd, trid) => {
  const email = invitee(s, trid, cmd.args[1], 'SND');
  if (!email) return;
  s.conn.note(`SND: ${email} would be e-mailed an invitation to Messenger; Butterfly sends no e-mail, so nothing left this computer`);
  s.send(`SND ${trid} OK`);
};

/** SDC <address> <lcid> <client> <brand> X X <sender name> <length> + the personal message. */
const sdc: NsHandler = (s, cmd, trid) => {
  const email = invitee(s, trid, cmd.args[1], 'SDC');
  if (!email) return;
  const message = (cmd.payload ?? Buffer.alloc(0)).toString('utf8');
  if (Buffer.byteLength(message) > MAX_SDC_MESSAGE_BYTES) {
    s.conn.error(201, trid, `SDC message over ${MAX_SDC_MESSAGE_BYTES} bytes`);
    return;
  }
  const sender = decodeParam(cmd.args[7] ?? '');
  s.conn.note(
    `SDC: ${email} would be e-mailed an invitation from "${sender}"${message ? ` saying "${message.slice(0, 80)}"` : ''}; ` +
      'Butterfly sends no e-mail, so nothing left this computer',
  );
  s.send(`SDC ${trid} OK`);
};

const ims: NsHandler = (s, cmd, trid) => {
  const value = cmd.args[1];
  if (value !== 'ON' && value !== 'OFF') {
    s.conn.error(201, trid, `IMS takes ON or OFF, not "${value ?? ''}"`);
    return;
  }
  s.acceptsInvitations = value === 'ON';
  s.send(`IMS ${trid} 0 ${value}`);
};

export const INVITE_COMMANDS: Record<string, NsHandler> = { SND: snd, SDC: sdc, IMS: ims };
