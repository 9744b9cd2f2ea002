// Housekeeping commands: PNG/QNG keep-alive, OUT, URL (web service links), GCF (policy pull).
import type { NsHandler } from './ns-session';
import { httpBase } from './context';
import { policiesDocument } from './profile';

/**   C: PNG     S: QNG 60 */
const png: NsHandler = (s) => {
  s.send(s.dialect ? s.dialect.pingReply() : 'QNG 60');
};

/**   C: OUT     S: OUT   (then the server closes) */
const out: NsHandler = (s) => {
  s.send('OUT');
  s.conn.close('the client signed out');
};

/**
 *   C: URL 12 MOBILE     S: URL 12 /url/MOBILE http://10.0.0.2/url/MOBILE 2
 * Every link points at this server, which explains that the web service is gone.
 */
const url: NsHandler = (s, cmd, trid) => {
  const service = cmd.args[1]?.toUpperCase();
  if (!service || !/^[A-Z0-9_]{1,24}$/.test(service)) {
    s.conn.error(201, trid, `URL for "${cmd.args[1] ?? ''}"`);
    return;
  }
  s.send(`URL ${trid} /url/${service} ${httpBase(s.ctx.addresses())}/url/${service} 2`);
};

/**   C: GCF 9 Shields.xml     S: GCF 9 Shields.xml <len> <Policies…> */
const gcf: NsHandler = (s, cmd, trid) => {
  const name = cmd.args[1] ?? 'Shields.xml';
  const doc = policiesDocument();
  s.send(`GCF ${trid} ${name} ${Buffer.byteLength(doc)}`, doc);
};

export const SERVICE_COMMANDS: Record<string, NsHandler> = { PNG: png, OUT: out, URL: url, GCF: gcf };
