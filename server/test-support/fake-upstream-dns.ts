// A stand-in for "the system's resolver" in DNS tests: UDP and TCP on 127.0.0.1, answering every
// A query with 10.9.8.7 (AAAA: none), and counting what it was asked. Tests never send a DNS
// query anywhere else.
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';

export const UPSTREAM_ANSWER = '10.9.8.7';

export interface FakeUpstream {
  port: number;
  asked: string[];
  close(): Promise<void>;
}

function answer(query: Buffer): Buffer {
  const q = dnsPacket.decode(query);
  const question = q.questions![0]!;
  return dnsPacket.encode({
    type: 'response',
    id: q.id,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
    questions: q.questions,
    answers: question.type === 'A' ? [{ type: 'A', name: question.name, ttl: 300, data: UPSTREAM_ANSWER }] : [],
  });
}

export async function startFakeUpstream(): Promise<FakeUpstream> {
  const asked: string[] = [];
  // UDP and TCP must share one port number (a resolver is "address:port" for both). The port is
  // never chosen first and bound later (another process can take it in between: the EADDRINUSE
  // that failed CI at random): TCP binds port 0, UDP then binds the port TCP got, and if that
  // one is taken for UDP both are closed and the pair is tried again.
  for (let attempt = 1; ; attempt++) {
    const tcp = tcpResponder(asked);
    const port = await new Promise<number>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(0, '127.0.0.1', () => resolve((tcp.address() as net.AddressInfo).port));
    });
    const udp = dgram.createSocket('udp4');
    udp.on('message', (msg, rinfo) => {
      try {
        asked.push(dnsPacket.decode(msg).questions![0]!.name);
        udp.send(answer(msg), rinfo.port, rinfo.address);
      } catch {
        // not a query: ignore
      }
    });
    const bound = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    if (!bound) {
      udp.close();
      await new Promise<void>((r) => tcp.close(() => r()));
      if (attempt >= 20) throw new Error('no port free for both UDP and TCP after 20 tries');
      continue;
    }
    udp.on('error', () => {});
    return {
      port,
      asked,
      close: () =>
        new Promise<void>((resolve) => {
          udp.close();
          tcp.close(() => resolve());
        }),
    };
  }
}

function tcpResponder(asked: string[]): net.Server {
  return net.createServer((s) => {
    let buf = Buffer.alloc(0);
    s.on('error', () => {});
    s.on('data', (c) => {
      buf = Buffer.concat([buf, c]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
        buf = buf.subarray(2 + msg.length);
        asked.push(dnsPacket.decode(msg).questions![0]!.name);
        const a = answer(msg);
        const len = Buffer.alloc(2);
        len.writeUInt16BE(a.length);
        s.write(Buffer.concat([len, a]));
      }
    });
  });
}
