// The traffic tap as a pcapng capture that Wireshark and tshark open and decode as MSN Messenger
// traffic: every protocol line and HTTP exchange becomes a TCP segment of a synthesised IPv4
// connection (NS on 1863, SB on 1864, HTTP on 80, so Wireshark's MSNMS and HTTP dissectors pick
// them up), each with a packet comment explaining it from the protocol dictionary.
// Format: pcapng (IETF draft-ietf-opsawg-pcapng): SHB, one IDB (LINKTYPE_RAW, raw IPv4), EPBs.
import type { TrafficRecord } from './tap';
import { explainLine } from '../msnp/dictionary';

const LINKTYPE_RAW = 101;
const SERVER_IP = [10, 18, 63, 1];
const SERVER_PORT: Partial<Record<TrafficRecord['service'], number>> = { NS: 1863, SB: 1864, HTTP: 80 };
const TCP_SYN = 0x02;
const TCP_ACK = 0x10;
const TCP_PSH = 0x08;

interface Flow {
  client: number[];
  clientPort: number;
  serverPort: number;
  /** Next sequence number of each side. */
  clientSeq: number;
  serverSeq: number;
}

export function trafficToPcapng(records: readonly TrafficRecord[], product = 'Butterfly'): Buffer {
  const blocks: Buffer[] = [sectionHeader(product), interfaceDescription()];
  const flows = new Map<string, Flow>();
  let nextClient = 2;
  for (const r of records) {
    const serverPort = SERVER_PORT[r.service];
    if (serverPort === undefined || r.direction === 'note') continue;
    let flow = flows.get(r.conn);
    if (!flow) {
      const n = nextClient++;
      flow = { client: clientAddress(r.remote, n), clientPort: 20000 + (n % 40000), serverPort, clientSeq: 1000, serverSeq: 5000 };
      flows.set(r.conn, flow);
      // The handshake, so Wireshark sees a whole connection and knows who is the client.
      blocks.push(segment(flow, true, TCP_SYN, Buffer.alloc(0), r.time, `${r.conn}: connection opened`));
      flow.clientSeq++;
      blocks.push(segment(flow, false, TCP_SYN | TCP_ACK, Buffer.alloc(0), r.time));
      flow.serverSeq++;
      blocks.push(segment(flow, true, TCP_ACK, Buffer.alloc(0), r.time));
    }
    const data = wireBytes(r);
    const fromClient = r.direction === 'in';
    const meaning = r.service === 'HTTP' ? undefined : explainLine(r.service, r.line);
    const comment = `${r.conn}${r.account ? ` (${r.account})` : ''}${meaning ? `: ${meaning.title}: ${meaning.meaning}` : ''}`;
    blocks.push(segment(flow, fromClient, TCP_PSH | TCP_ACK, data, r.time, comment));
    if (fromClient) flow.clientSeq = (flow.clientSeq + data.length) >>> 0;
    else flow.serverSeq = (flow.serverSeq + data.length) >>> 0;
  }
  return Buffer.concat(blocks);
}

/** The bytes as they crossed the wire (as far as the tap kept them): the line, CRLF, the payload. */
function wireBytes(r: TrafficRecord): Buffer {
  if (r.service !== 'HTTP') return Buffer.from(`${r.line}\r\n${r.payload ?? ''}`, 'utf8');
  // The tap keeps HTTP as "headers\n\nbody": put back the CRLFs of the header block.
  const p = r.payload ?? '';
  const split = p.indexOf('\n\n');
  const headers = (split < 0 ? p : p.slice(0, split)).split('\n').filter(Boolean).join('\r\n');
  const body = split < 0 ? '' : p.slice(split + 2);
  return Buffer.from(`${r.line}\r\n${headers}${headers ? '\r\n' : ''}\r\n${body}`, 'utf8');
}

function clientAddress(remote: string | undefined, n: number): number[] {
  const m = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.(\d+)/.exec(remote ?? '');
  // The real address when it is IPv4 (several connections from one computer differ by port).
  return m ? m.slice(1, 5).map(Number) : [10, 18, 64 + ((n >> 8) & 0x3f), n & 0xff];
}

function segment(f: Flow, fromClient: boolean, flags: number, data: Buffer, timeMs: number, comment?: string): Buffer {
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(fromClient ? f.clientPort : f.serverPort, 0);
  tcp.writeUInt16BE(fromClient ? f.serverPort : f.clientPort, 2);
  tcp.writeUInt32BE(fromClient ? f.clientSeq : f.serverSeq, 4);
  tcp.writeUInt32BE(flags & TCP_ACK ? (fromClient ? f.serverSeq : f.clientSeq) : 0, 8);
  tcp[12] = 5 << 4;
  tcp[13] = flags;
  tcp.writeUInt16BE(65535, 14);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + 20 + data.length, 2);
  ip.writeUInt16BE(0x4000, 6); // don't fragment
  ip[8] = 64;
  ip[9] = 6; // TCP
  Buffer.from(fromClient ? f.client : SERVER_IP).copy(ip, 12);
  Buffer.from(fromClient ? SERVER_IP : f.client).copy(ip, 16);
  ip.writeUInt16BE(ipChecksum(ip), 10);
  return enhancedPacket(Buffer.concat([ip, tcp, data]), timeMs, comment);
}

function ipChecksum(h: Buffer): number {
  let sum = 0;
  for (let i = 0; i < h.length; i += 2) sum += h.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function pad4(b: Buffer): Buffer {
  const extra = (4 - (b.length % 4)) % 4;
  return extra ? Buffer.concat([b, Buffer.alloc(extra)]) : b;
}

/** One option (code, length, value padded to 4), little-endian as the whole file. */
function option(code: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(code, 0);
  head.writeUInt16LE(value.length, 2);
  return Buffer.concat([head, pad4(value)]);
}

const END_OF_OPTIONS = Buffer.alloc(4);

function block(type: number, body: Buffer): Buffer {
  const total = 12 + body.length;
  const head = Buffer.alloc(8);
  head.writeUInt32LE(type, 0);
  head.writeUInt32LE(total, 4);
  const tail = Buffer.alloc(4);
  tail.writeUInt32LE(total, 0);
  return Buffer.concat([head, body, tail]);
}

function sectionHeader(product: string): Buffer {
  const fixed = Buffer.alloc(16);
  fixed.writeUInt32LE(0x1a2b3c4d, 0); // byte-order magic
  fixed.writeUInt16LE(1, 4);
  fixed.writeUInt16LE(0, 6);
  fixed.writeBigInt64LE(-1n, 8); // section length unknown
  return block(0x0a0d0d0a, Buffer.concat([fixed, option(4, Buffer.from(product)), END_OF_OPTIONS])); // shb_userappl
}

function interfaceDescription(): Buffer {
  const fixed = Buffer.alloc(8);
  fixed.writeUInt16LE(LINKTYPE_RAW, 0);
  fixed.writeUInt32LE(0, 4); // no snap length limit
  return block(1, Buffer.concat([fixed, option(2, Buffer.from('Butterfly traffic tap')), END_OF_OPTIONS])); // if_name
}

function enhancedPacket(packet: Buffer, timeMs: number, comment?: string): Buffer {
  const fixed = Buffer.alloc(20);
  const micros = BigInt(Math.round(timeMs * 1000)); // default resolution: microseconds
  fixed.writeUInt32LE(0, 0); // interface 0
  fixed.writeUInt32LE(Number(micros >> 32n), 4);
  fixed.writeUInt32LE(Number(micros & 0xffffffffn), 8);
  fixed.writeUInt32LE(packet.length, 12);
  fixed.writeUInt32LE(packet.length, 16);
  const options = comment ? Buffer.concat([option(1, Buffer.from(comment, 'utf8')), END_OF_OPTIONS]) : Buffer.alloc(0);
  return block(6, Buffer.concat([fixed, pad4(packet), options]));
}

export function pcapngFileName(now: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `butterfly-traffic-${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}.pcapng`;
}
