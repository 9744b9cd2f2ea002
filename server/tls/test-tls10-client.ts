// A hand-driven TLS 1.0 client for tests and the benchmark (not used at run time). It can do
// what no maintained client still does — send an SSLv2-format hello, offer only RC4 or 3DES —
// and can misbehave on purpose (forged pre-master padding, wrong Finished). Interoperability
// of the server is proven with gnutls-cli and openssl; against OpenSSL's own TLS 1.0 (the
// runtime path) this client in turn proves its SSLv2-hello transcript handling.

import crypto from 'node:crypto';
import net from 'node:net';
import { parseClientHello } from './client-hello.js';
import { finishedMessage, HandshakeAssembler, handshakeMessage, HandshakeType, helloForHandshake, type HandshakeMessage } from './handshake-messages.js';
import { legacySuiteById, type LegacySuite } from './legacy-suites.js';
import { ContentType, RecordProtection, RecordReader, sealAll, type TlsRecord } from './record-layer.js';
import { alertName } from './tls-alerts.js';
import { buildSslv2Hello, buildTlsHello } from './test-hellos.js';
import { finishedVerifyData, keyBlock, masterSecret } from './tls10-prf.js';

export interface Tls10ClientOptions {
  port: number;
  host?: string;
  format: 'tls' | 'sslv2';
  suites: number[];
  /** client_version; TLS 1.0 by default. */
  version?: number;
  serverName?: string;
  /** PEM of the CA the server certificate must chain to (and cover serverName, when given). */
  caPem?: string;
  /** Sent once the handshake is done; the reply is read until the server closes. */
  request?: string;
  /** Misbehave: forge the RSA block's padding, its version, encrypt one secret but use another, or corrupt Finished. */
  tamper?: 'bad-padding' | 'wrong-version' | 'wrong-premaster' | 'bad-finished';
  timeoutMs?: number;
}

export interface Tls10ClientResult {
  suite: LegacySuite;
  response: string;
  /** The server's close_notify arrived before TCP closed. */
  closeNotify: boolean;
}

/** Thrown when the server answers with an alert; `alert` is its description number. */
export class ServerAlert extends Error {
  constructor(readonly alert: number) {
    super(`server sent alert ${alertName(alert)} (${alert})`);
  }
}

export async function tls10Request(opts: Tls10ClientOptions): Promise<Tls10ClientResult> {
  const sock = net.connect(opts.port, opts.host ?? '127.0.0.1');
  const io = new RecordIo(sock, opts.timeoutMs ?? 30_000);
  try {
    await new Promise<void>((resolve, reject) => sock.once('connect', resolve).once('error', reject));
    return await handshakeAndRequest(sock, io, opts);
  } finally {
    io.stop();
    sock.destroy();
  }
}

async function handshakeAndRequest(sock: net.Socket, io: RecordIo, opts: Tls10ClientOptions): Promise<Tls10ClientResult> {
  const version = opts.version ?? 0x0301;
  const helloBytes =
    opts.format === 'sslv2'
      ? buildSslv2Hello({ version, specs: opts.suites })
      : buildTlsHello({ version, suites: opts.suites, serverName: opts.serverName });
  const parsed = parseClientHello(helloBytes);
  if (!('format' in parsed)) throw new Error('test client built a bad hello');
  const { transcript: helloTranscript, clientRandom } = helloForHandshake(helloBytes, parsed);
  const transcript: Buffer[] = [helloTranscript];
  sock.write(helloBytes);

  // ServerHello, Certificate, ServerHelloDone.
  const hs = new HandshakeAssembler();
  const nextHandshake = async (): Promise<HandshakeMessage> => {
    for (;;) {
      const msg = hs.next();
      if (msg) return msg;
      const rec = await io.next();
      if (rec.type !== ContentType.handshake) throw new Error(`expected handshake, got record type ${rec.type}`);
      hs.push(rec.data);
    }
  };
  const sh = await nextHandshake();
  if (sh.type !== HandshakeType.serverHello) throw new Error(`expected ServerHello, got ${sh.type}`);
  transcript.push(sh.raw);
  const serverVersion = sh.body.readUInt16BE(0);
  if (serverVersion !== 0x0301) throw new Error(`server chose version 0x${serverVersion.toString(16)}, not TLS 1.0`);
  const serverRandom = sh.body.subarray(2, 34);
  const sidLength = sh.body[34];
  const suiteId = sh.body.readUInt16BE(35 + sidLength);
  const suite = legacySuiteById(suiteId);
  if (!suite || !opts.suites.includes(suiteId)) throw new Error(`server chose suite 0x${suiteId.toString(16)}, which we did not offer`);

  const certMsg = await nextHandshake();
  if (certMsg.type !== HandshakeType.certificate) throw new Error(`expected Certificate, got ${certMsg.type}`);
  transcript.push(certMsg.raw);
  const leafLength = certMsg.body.readUIntBE(3, 3);
  const leaf = new crypto.X509Certificate(certMsg.body.subarray(6, 6 + leafLength));
  if (opts.caPem) {
    const ca = new crypto.X509Certificate(opts.caPem);
    if (!leaf.checkIssued(ca) || !leaf.verify(ca.publicKey)) throw new Error('server certificate is not signed by the CA');
    if (opts.serverName && !leaf.checkHost(opts.serverName)) throw new Error(`server certificate does not cover ${opts.serverName}`);
  }
  const done = await nextHandshake();
  if (done.type !== HandshakeType.serverHelloDone) throw new Error(`expected ServerHelloDone, got ${done.type}`);
  transcript.push(done.raw);

  // ClientKeyExchange, ChangeCipherSpec, Finished.
  const preMaster = crypto.randomBytes(48);
  preMaster.writeUInt16BE(opts.tamper === 'wrong-version' ? version - 1 : version);
  const encrypted = encryptPreMaster(leaf.publicKey, preMaster, opts.tamper === 'bad-padding');
  const cke = handshakeMessage(HandshakeType.clientKeyExchange, Buffer.concat([Buffer.from([encrypted.length >> 8, encrypted.length & 0xff]), encrypted]));
  transcript.push(cke);
  const usedPreMaster = opts.tamper === 'wrong-premaster' ? crypto.randomBytes(48) : preMaster;
  const master = masterSecret(usedPreMaster, clientRandom, serverRandom);
  const keys = keyBlock(master, clientRandom, serverRandom, suite);
  const verify = finishedVerifyData(master, 'client', transcript);
  if (opts.tamper === 'bad-finished') verify[0] ^= 0xff;
  const finished = finishedMessage(verify);
  transcript.push(finished);
  const write = RecordProtection.forSuite(suite, keys.clientMacKey, keys.clientKey, keys.clientIv, 'encrypt');
  sock.write(Buffer.concat([io.write.seal(ContentType.handshake, cke), io.write.seal(ContentType.changeCipherSpec, Buffer.from([1])), write.seal(ContentType.handshake, finished)]));
  io.write = write;

  const ccs = await io.next();
  if (ccs.type !== ContentType.changeCipherSpec) throw new Error(`expected ChangeCipherSpec, got record type ${ccs.type}`);
  io.read = RecordProtection.forSuite(suite, keys.serverMacKey, keys.serverKey, keys.serverIv, 'decrypt');
  const serverFinished = await nextHandshake();
  if (serverFinished.type !== HandshakeType.finished || !serverFinished.body.equals(finishedVerifyData(master, 'server', transcript))) {
    throw new Error("server's Finished does not verify");
  }

  if (opts.request === undefined) return { suite, response: '', closeNotify: false };
  sock.write(sealAll(io.write, ContentType.applicationData, Buffer.from(opts.request, 'latin1')));
  const chunks: Buffer[] = [];
  for (;;) {
    const rec = await io.next().catch((err: Error) => (err.message === 'closed' ? null : Promise.reject(err)));
    if (!rec) return { suite, response: Buffer.concat(chunks).toString('latin1'), closeNotify: false };
    if (rec.type === ContentType.applicationData) chunks.push(rec.data);
    else if (rec.type === ContentType.alert && rec.data[1] === 0) return { suite, response: Buffer.concat(chunks).toString('latin1'), closeNotify: true };
    else throw new Error(`unexpected record type ${rec.type} after the handshake`);
  }
}

function encryptPreMaster(key: crypto.KeyObject, preMaster: Buffer, forgePadding: boolean): Buffer {
  if (!forgePadding) return crypto.publicEncrypt({ key, padding: crypto.constants.RSA_PKCS1_PADDING }, preMaster);
  // 00 01 (signature block type, wrong here) ff… 00 <pre-master>
  const k = (key.asymmetricKeyDetails?.modulusLength ?? 0) >> 3;
  const block = Buffer.alloc(k, 0xff);
  block[0] = 0;
  block[1] = 1;
  block[k - 49] = 0;
  preMaster.copy(block, k - 48);
  return crypto.publicEncrypt({ key, padding: crypto.constants.RSA_NO_PADDING }, block);
}

interface PlainRecord {
  type: number;
  data: Buffer;
}

/**
 * Records from the socket, opened one await at a time (so a new read state set after
 * ChangeCipherSpec applies to the next record); fatal server alerts reject as ServerAlert.
 */
class RecordIo {
  read = RecordProtection.none();
  write = RecordProtection.none();
  private readonly reader = new RecordReader();
  private waiting?: { resolve: (r: PlainRecord) => void; reject: (e: Error) => void };
  private ended: Error | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(sock: net.Socket, timeoutMs: number) {
    sock.on('data', (d: Buffer) => {
      this.reader.push(d);
      this.wake();
    });
    sock.on('error', (err) => this.finish(err));
    sock.on('close', () => this.finish(new Error('closed')));
    this.timer = setTimeout(() => this.finish(new Error('test client timed out')), timeoutMs);
  }

  next(): Promise<PlainRecord> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.wake();
    });
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private wake(): void {
    if (!this.waiting) return;
    const w = this.waiting;
    try {
      const rec: TlsRecord | null = this.reader.next();
      if (rec) {
        this.waiting = undefined;
        const data = this.read.open(rec);
        if (rec.type === ContentType.alert && data[0] === 2) return w.reject(new ServerAlert(data[1]));
        return w.resolve({ type: rec.type, data });
      }
    } catch (err) {
      this.waiting = undefined;
      return w.reject(err as Error);
    }
    if (this.ended) {
      this.waiting = undefined;
      w.reject(this.ended);
    }
  }

  private finish(err: Error): void {
    this.ended ??= err;
    this.wake();
  }
}
