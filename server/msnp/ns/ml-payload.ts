// The <ml> list document of ADL/RML (MSNP13+), checked the way the official server did:
//   <ml l="1"><d n="local"><c n="away" l="3" t="1" /></d></ml>   ->  away@local on FL+AL
// Errors: 240 empty list, 241 bad XML or list bits, 204 network we can't route.
import { parseXml } from '../../xml/xml';

export interface MlContact {
  email: string;
  lists: number;
  networkId: number;
}

export type MlResult =
  | { ok: true; initial: boolean; contacts: MlContact[] }
  | { ok: false; code: 240 | 241 | 204; why: string };

/** Clients may name FL, AL and BL (1|2|4); RL and PL are the server's to set. */
const CLIENT_LIST_BITS = 7;

export function parseMl(payload: Buffer, opts: { listsRequired: boolean }): MlResult {
  let root;
  try {
    root = parseXml(payload.toString('utf8'), { maxChars: 256 * 1024, maxDepth: 4, maxElements: 20_000 });
  } catch (e) {
    return { ok: false, code: 241, why: `not well-formed XML: ${(e as Error).message}` };
  }
  if (root.name !== 'ml') return { ok: false, code: 241, why: `root element <${root.name}> instead of <ml>` };
  const contacts: MlContact[] = [];
  for (const d of root.children) {
    if (d.name === 't') continue; // phone contacts (<t><c n="tel:+1…"/></t>) have no Messenger presence here
    if (d.name !== 'd') return { ok: false, code: 241, why: `unexpected <${d.name}> in <ml>` };
    const domain = d.attrs.n?.toLowerCase();
    if (!domain) return { ok: false, code: 241, why: '<d> without a domain (n=)' };
    if (d.children.length === 0) return { ok: false, code: 240, why: `empty domain ${domain}` };
    for (const c of d.children) {
      const local = c.attrs.n?.toLowerCase();
      if (c.name !== 'c' || !local) return { ok: false, code: 241, why: `<${c.name}> without a name in domain ${domain}` };
      const lists = c.attrs.l === undefined ? 0 : Number(c.attrs.l);
      if (!Number.isInteger(lists) || lists < 0 || (lists & ~CLIENT_LIST_BITS) !== 0 || (opts.listsRequired && lists === 0)) {
        return { ok: false, code: 241, why: `list bits l="${c.attrs.l ?? ''}" for ${local}@${domain} (a client may set 1, 2, 4)` };
      }
      const networkId = c.attrs.t === undefined ? 1 : Number(c.attrs.t);
      if (networkId !== 1) return { ok: false, code: 204, why: `network t="${c.attrs.t}" for ${local}@${domain}: only Messenger (1) is served` };
      contacts.push({ email: `${local}@${domain}`, lists, networkId });
    }
  }
  if (contacts.length === 0 && root.children.length === 0) return { ok: false, code: 240, why: 'empty <ml>' };
  return { ok: true, initial: root.attrs.l === '1', contacts };
}
