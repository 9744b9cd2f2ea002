// FQY, the "federated query" WLM 8+ and MSNPSharp send before adding a contact: which networks
// besides Messenger does this address reach? (The real service answered Yahoo! addresses with t="32".)
//   C: FQY 10 39\r\n<ml><d n="local"><c n="dave" /></d></ml>
//   S: FQY 10 39\r\n<ml><d n="local"><c n="dave" /></d></ml>
// This server is one network: a Messenger account comes back with no t, which is how MSNPSharp 2.5.8
// reads "Passport network only" (NSMessageHandler.OnFQYReceived: a <c> with t= is added once more as a
// contact of that network, one without t is logged and left alone). Answering t="1" there, as ESC
// does, makes MSNPSharp add the contact again while its first ABContactAdd is still under way.
// An address with no account here: 208 (ESC _m_fqy; fact sheet §7.4). Bad XML: 241/240 as for ADL.
import { xmlText } from '../dialects/dialect';
import type { NsHandler } from './ns-session';
import { parseMl } from './ml-payload';

/** A query names one address (ESC refuses more with 241); a few more are answered, never thousands. */
const MAX_QUERIED = 16;

const fqy: NsHandler = (s, cmd, trid) => {
  const ml = parseMl(cmd.payload ?? Buffer.alloc(0), { listsRequired: false });
  if (!ml.ok) {
    s.conn.error(ml.code, trid, `FQY refused: ${ml.why}`);
    return;
  }
  if (ml.contacts.length === 0 || ml.contacts.length > MAX_QUERIED) {
    s.conn.error(241, trid, `FQY names ${ml.contacts.length} addresses (1 to ${MAX_QUERIED} are answered)`);
    return;
  }
  const byDomain = new Map<string, string[]>();
  for (const c of ml.contacts) {
    if (!s.ctx.core.users.byEmail(c.email)) {
      s.conn.error(208, trid, `${c.email} has no account on this server`);
      return;
    }
    const [local, domain] = c.email.split('@') as [string, string];
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), local]);
  }
  const payload =
    '<ml>' +
    [...byDomain].map(([d, locals]) => `<d n="${attr(d)}">${locals.map((n) => `<c n="${attr(n)}" />`).join('')}</d>`).join('') +
    '</ml>';
  s.send(`FQY ${trid} ${Buffer.byteLength(payload)}`, payload);
};

function attr(v: string): string {
  return xmlText(v).replace(/"/g, '&quot;');
}

export const QUERY_COMMANDS: Record<string, NsHandler> = { FQY: fqy };
