// What a UUX says, read into version-neutral changes. Clients send one of three documents:
//   <Data><PSM>hi</PSM><CurrentMedia/><MachineGuid>{G}</MachineGuid><DDP/><SignatureSound/><Scene/><ColorScheme/></Data>
//   <EndpointData><Capabilities>2789003324:48</Capabilities></EndpointData>                      (MSNP16+)
//   <PrivateEndpointData><EpName>DESK</EpName><Idle>false</Idle><ClientType>1</ClientType><State>NLN</State></PrivateEndpointData>
// (fact sheet §8.5; MSNPSharp 3.0 SetPresenceStatusUUX / SetEndPointCapabilities; ESC _m_uux.)
import { child, parseXml, XmlRefused, type XmlElement } from '../../xml/xml';
import { CHOOSABLE_STATUSES, type Status } from '../../core/model';
import type { Place, ProfileExtras } from '../../core/endpoints';

/** A UUX document larger than this is refused with 201 (the connection stays usable). */
export const MAX_UUX_BYTES = 8 * 1024;
/** Longest machine name kept (Windows names are at most 15; WLM lets the user type a longer one). */
const MAX_EP_NAME_CHARS = 128;
/** Longest DDP / scene / signature sound / colour scheme value kept (each is an MSN object or a number). */
const MAX_EXTRA_CHARS = 2048;

export interface UuxUpdate {
  psm?: string;
  currentMedia?: string;
  extras?: Partial<ProfileExtras>;
  place?: Partial<Pick<Place, 'name' | 'clientType' | 'idle' | 'state' | 'capabilities'>>;
}

export type UuxRead = { ok: true; update: UuxUpdate } | { ok: false; fatal: boolean; why: string };

export function readUux(payload: Buffer): UuxRead {
  if (payload.length > MAX_UUX_BYTES) return { ok: false, fatal: false, why: `${payload.length} bytes, over the ${MAX_UUX_BYTES}-byte limit` };
  let doc: XmlElement;
  try {
    doc = parseXml(payload.toString('utf8'), { maxChars: MAX_UUX_BYTES, maxDepth: 8, maxElements: 200 });
  } catch (e) {
    return { ok: false, fatal: true, why: e instanceof XmlRefused || e instanceof Error ? e.message : String(e) };
  }
  const text = (name: string) => child(doc, name)?.text;
  switch (doc.name) {
    case 'Data': {
      const extras: Partial<ProfileExtras> = {};
      const fields: [keyof ProfileExtras, string][] = [
        ['ddp', 'DDP'],
        ['signatureSound', 'SignatureSound'],
        ['scene', 'Scene'],
        ['colorScheme', 'ColorScheme'],
      ];
      for (const [key, tag] of fields) {
        const v = text(tag);
        if (v === undefined) continue;
        if (v.length > MAX_EXTRA_CHARS) return { ok: false, fatal: false, why: `<${tag}> longer than ${MAX_EXTRA_CHARS} characters` };
        extras[key] = v;
      }
      return { ok: true, update: { psm: text('PSM'), currentMedia: text('CurrentMedia'), extras: Object.keys(extras).length ? extras : undefined } };
    }
    case 'EndpointData': {
      const caps = text('Capabilities');
      if (caps !== undefined && !/^\d{1,10}(:\d{1,10})?$/.test(caps)) return { ok: false, fatal: false, why: `capabilities "${caps.slice(0, 40)}"` };
      return { ok: true, update: caps ? { place: { capabilities: caps } } : {} };
    }
    case 'PrivateEndpointData': {
      const place: UuxUpdate['place'] = {};
      const name = text('EpName');
      if (name !== undefined) {
        if (name.length > MAX_EP_NAME_CHARS) return { ok: false, fatal: false, why: `<EpName> longer than ${MAX_EP_NAME_CHARS} characters` };
        place.name = name;
      }
      const idle = text('Idle');
      if (idle !== undefined) place.idle = idle.trim().toLowerCase() === 'true';
      const clientType = text('ClientType');
      if (clientType !== undefined) {
        if (!/^\d{1,3}$/.test(clientType.trim())) return { ok: false, fatal: false, why: `<ClientType> "${clientType.slice(0, 20)}"` };
        place.clientType = clientType.trim();
      }
      const state = text('State');
      if (state !== undefined) {
        // ESC closes on an unknown state; a client that sends one is not speaking MSNP we know.
        if (!CHOOSABLE_STATUSES.includes(state as Status)) return { ok: false, fatal: true, why: `<State> "${state.slice(0, 20)}"` };
        place.state = state as Status;
      }
      return { ok: true, update: { place } };
    }
    default:
      return { ok: true, update: {} };
  }
}
