// What the DNS server does with one datagram, decided without any socket: answer a Microsoft
// name with this server's address, hand anything else to the forwarder (or refuse it in isolated
// mode), and answer what cannot be a sensible query with an error instead of silence, so an old
// resolver gives up at once instead of retrying. Parsing and encoding use dns-packet.
import dnsPacket, { type Answer, type DecodedPacket, type Question } from 'dns-packet';
import { isMicrosoftName } from '../tls/hostnames';

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
export type RcodeName = keyof typeof RCODE;

/** Short, so a client that is pointed back at the real DNS forgets us within a minute. */
export const ANSWER_TTL = 60;

export type Decision =
  /** Send `response` back; `line` says what happened, for the traffic view. */
  | { kind: 'reply'; response: Buffer; line: string; redirected: boolean }
  /** Not ours: ask the upstream resolver. */
  | { kind: 'forward'; query: DecodedPacket; label: string }
  /** Not worth an answer (a response sent to us, or a few bytes of noise). */
  | { kind: 'drop'; line: string };

export interface AnswerOptions {
  /** The IPv4 address Microsoft names resolve to. */
  address: string;
  /** Refuse every other name instead of forwarding it. */
  isolated: boolean;
}

const OPCODE_MASK = 0x7800;

export function decide(raw: Buffer, opts: AnswerOptions): Decision {
  // A DNS header is 12 bytes; with less there is not even an id to answer to.
  if (raw.length < 12) return { kind: 'drop', line: `ignored ${raw.length} bytes: too short for a DNS message` };
  // The QR bit: a response sent to a server is either a mistake or a reflection attempt.
  if (raw[2]! & 0x80) return { kind: 'drop', line: 'ignored a DNS response sent to the server' };
  let query: DecodedPacket;
  try {
    query = dnsPacket.decode(raw);
  } catch (e) {
    return { kind: 'reply', response: errorReply(raw, 'FORMERR'), line: `FORMERR malformed query (${(e as Error).message})`, redirected: false };
  }
  const questions = query.questions ?? [];
  if (((query.flags ?? 0) & OPCODE_MASK) !== 0) {
    return { kind: 'reply', response: errorReply(raw, 'NOTIMP'), line: `NOTIMP opcode ${(raw.readUInt16BE(2) & OPCODE_MASK) >> 11} (only standard queries are answered)`, redirected: false };
  }
  if (questions.length !== 1) {
    return { kind: 'reply', response: errorReply(raw, 'FORMERR'), line: `FORMERR ${questions.length} questions in one query (one is expected)`, redirected: false };
  }
  const q = questions[0]!;
  const label = `${q.type} ${q.name}`;
  if (isMicrosoftName(q.name)) return redirect(query, q, opts.address);
  if (opts.isolated) {
    return {
      kind: 'reply',
      response: reply(query, 'REFUSED', [], false),
      line: `${label} → REFUSED (isolated mode: only Microsoft's names are answered)`,
      redirected: false,
    };
  }
  return { kind: 'forward', query, label };
}

/** A Microsoft name: its A record is this server; it has no other records (so no IPv6 detour). */
function redirect(query: DecodedPacket, q: Question, address: string): Decision {
  const label = `${q.type} ${q.name}`;
  // dns-packet's types leave out ANY (255), which it decodes as the string "ANY".
  const type = q.type as string;
  const wantsA = (type === 'A' || type === 'ANY') && (q.class === undefined || q.class === 'IN' || q.class === 'ANY');
  if (!wantsA) {
    // NOERROR with no answer ("no such record") rather than forwarding: Microsoft's real AAAA or
    // MX records would lead the client away from this server.
    return { kind: 'reply', response: reply(query, 'NOERROR', [], true), line: `${label} → no ${q.type} record (Butterfly answers A only)`, redirected: true };
  }
  const answers = [{ type: 'A' as const, class: 'IN' as const, name: q.name, ttl: ANSWER_TTL, data: address }];
  return { kind: 'reply', response: reply(query, 'NOERROR', answers, true), line: `${label} → ${address}`, redirected: true };
}

function reply(query: DecodedPacket, rcode: RcodeName, answers: Answer[], authoritative: boolean): Buffer {
  const rd = (query.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
  const flags = rd | dnsPacket.RECURSION_AVAILABLE | (authoritative ? dnsPacket.AUTHORITATIVE_ANSWER : 0) | RCODE[rcode];
  return dnsPacket.encode({ type: 'response', id: query.id ?? 0, flags, questions: query.questions, answers });
}

/** An error answer built from the header alone, for queries too broken to decode. */
export function errorReply(raw: Buffer, rcode: RcodeName): Buffer {
  const id = raw.readUInt16BE(0);
  const flags = (raw.readUInt16BE(2) & (OPCODE_MASK | dnsPacket.RECURSION_DESIRED)) | RCODE[rcode];
  return dnsPacket.encode({ type: 'response', id, flags, questions: [] });
}

/** "NOERROR 93.184.216.34, 2606:…" — what an upstream answer said, for the traffic view. */
export function describeResponse(raw: Buffer): string {
  try {
    const p = dnsPacket.decode(raw);
    const data = (p.answers ?? []).flatMap((a) => (a.type === 'A' || a.type === 'AAAA' || a.type === 'CNAME' ? [String(a.data)] : []));
    return `${rcodeName(raw)}${data.length ? ` ${data.slice(0, 4).join(', ')}${data.length > 4 ? ', …' : ''}` : ''}`;
  } catch {
    return `${raw.length} bytes`;
  }
}

export function rcodeName(raw: Buffer): string {
  const code = raw.length >= 4 ? raw[3]! & 0xf : -1;
  return (Object.keys(RCODE) as RcodeName[]).find((k) => RCODE[k] === code) ?? `RCODE ${code}`;
}
