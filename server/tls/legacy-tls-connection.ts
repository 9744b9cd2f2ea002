// One TLS 1.0 connection served by the JavaScript engine: the server side of an RSA handshake
// (after the listener has read the ClientHello), then application data both ways through a
// LegacyTlsSocket. Every problem ends in exactly one onFailure call and a closed socket: a
// TlsFatal becomes an alert on the wire, a client alert or hang-up just closes, and the
// handshake has a deadline so half-open clients cannot pile up.

import crypto from 'node:crypto';
import type net from 'node:net';
import type { ClientHelloInfo } from './client-hello.js';
import {
  certificateMessage,
  encryptedPreMaster,
  finishedMessage,
  HandshakeAssembler,
  HandshakeType,
  helloForHandshake,
  serverHello,
  serverHelloDone,
  type HandshakeMessage,
} from './handshake-messages.js';
import type { LegacySuite } from './legacy-suites.js';
import { LegacyTlsSocket, type LegacyTlsTransport } from './legacy-tls-socket.js';
import { decryptPreMasterSecret } from './premaster-secret.js';
import { ContentType, RecordProtection, RecordReader, sealAll, type TlsRecord } from './record-layer.js';
import { Alert, alertName, TlsFatal } from './tls-alerts.js';
import { finishedVerifyData, keyBlock, masterSecret, type KeyBlock } from './tls10-prf.js';

export interface LegacyTlsFailure {
  cause: 'timeout' | 'client-alert' | 'hangup' | 'protocol' | 'internal';
  message: string;
  /** The alert the client sent (client-alert) or the one we sent (protocol, internal). */
  alert?: number;
}

export interface LegacyTlsConnectionOptions {
  raw: net.Socket;
  /** Bytes the listener already read: the ClientHello and anything after it. */
  head: Buffer;
  hello: ClientHelloInfo;
  suite: LegacySuite;
  privateKey: crypto.KeyObject;
  /** DER certificates for the Certificate message, leaf first. */
  certificateChain: readonly Buffer[];
  handshakeTimeoutMs: number;
  onEstablished(socket: LegacyTlsSocket): void;
  /** Called at most once; `established` says whether the handshake had completed. */
  onFailure(failure: LegacyTlsFailure, established: boolean): void;
}

type State = 'key-exchange' | 'change-cipher-spec' | 'finished' | 'established' | 'closed';

export function startLegacyTls(opts: LegacyTlsConnectionOptions): void {
  new LegacyTlsConnection(opts).start();
}

class LegacyTlsConnection implements LegacyTlsTransport {
  private state: State = 'key-exchange';
  private readonly records = new RecordReader();
  private readonly handshake = new HandshakeAssembler();
  private readonly transcript: Buffer[] = [];
  private readProtection = RecordProtection.none();
  private writeProtection = RecordProtection.none();
  private clientVersion = 0;
  private clientRandom: Buffer = Buffer.alloc(0);
  private readonly serverRandom = crypto.randomBytes(32);
  private master: Buffer = Buffer.alloc(0);
  private keys?: KeyBlock;
  private socket?: LegacyTlsSocket;
  private timer?: NodeJS.Timeout;
  private closeNotifySent = false;
  private peerClosed = false;

  constructor(private readonly opts: LegacyTlsConnectionOptions) {}

  /** A method, not a field test, so TypeScript does not narrow it away inside loops. */
  private get closed(): boolean {
    return this.state === 'closed';
  }

  start(): void {
    const { raw } = this.opts;
    raw.on('data', (chunk: Buffer) => this.receive(chunk));
    raw.on('end', () => this.onEnd());
    raw.on('close', () => this.onClose());
    raw.on('error', (err: NodeJS.ErrnoException) => this.onSocketError(err));
    this.timer = setTimeout(
      () => this.fail({ cause: 'timeout', message: `no Finished from the client within ${this.opts.handshakeTimeoutMs} ms` }),
      this.opts.handshakeTimeoutMs,
    );
    this.timer.unref?.();
    try {
      const h = helloForHandshake(this.opts.head, this.opts.hello);
      this.clientVersion = h.clientVersion;
      this.clientRandom = h.clientRandom;
      const flight = Buffer.concat([
        serverHello(this.serverRandom, this.opts.suite.id, h.secureRenegotiation),
        certificateMessage(this.opts.certificateChain),
        serverHelloDone(),
      ]);
      this.transcript.push(h.transcript, flight);
      raw.write(sealAll(this.writeProtection, ContentType.handshake, flight));
      if (h.rest.length > 0) this.receive(h.rest);
    } catch (err) {
      this.abort(err);
    }
    if (!this.closed) raw.resume();
  }

  // ---- incoming -----------------------------------------------------------------------

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    try {
      this.records.push(chunk);
      for (let rec = this.records.next(); rec && !this.closed; rec = this.records.next()) this.onRecord(rec);
    } catch (err) {
      this.abort(err);
    }
  }

  private onRecord(rec: TlsRecord): void {
    const data = this.readProtection.open(rec);
    switch (rec.type) {
      case ContentType.alert:
        return this.onAlert(data);
      case ContentType.changeCipherSpec:
        return this.onChangeCipherSpec(data);
      case ContentType.handshake:
        this.handshake.push(data);
        for (let msg = this.handshake.next(); msg && !this.closed; msg = this.handshake.next()) this.onHandshake(msg);
        return;
      case ContentType.applicationData:
        if (this.state !== 'established') throw new TlsFatal(Alert.unexpectedMessage, 'application data before the handshake finished');
        // Nothing counts after the client's close_notify (and a stream cannot take it).
        if (!this.peerClosed) this.socket!.deliver(data);
        return;
    }
  }

  private onAlert(data: Buffer): void {
    if (data.length === 0 || data.length % 2 !== 0) throw new TlsFatal(Alert.decodeError, `alert record of ${data.length} bytes`);
    for (let i = 0; i < data.length && !this.closed; i += 2) {
      const [level, description] = [data[i], data[i + 1]];
      if (description === Alert.closeNotify && this.state === 'established') {
        // 15 03 01 00 02 01 00: the client is done; end our side too (our close_notify follows).
        this.peerClosed = true;
        this.socket!.push(null);
      } else if (level === 2 || this.state !== 'established') {
        this.fail({ cause: 'client-alert', alert: description, message: `client sent ${level === 2 ? 'fatal' : 'warning'} alert ${alertName(description)} (${description})` });
      }
      // Other warnings after the handshake (e.g. no_renegotiation) change nothing for us.
    }
  }

  private onChangeCipherSpec(data: Buffer): void {
    if (this.state !== 'change-cipher-spec' || !this.handshake.empty) throw new TlsFatal(Alert.unexpectedMessage, `ChangeCipherSpec out of order (${this.state})`);
    if (data.length !== 1 || data[0] !== 1) throw new TlsFatal(Alert.decodeError, 'malformed ChangeCipherSpec');
    const { suite } = this.opts;
    const k = this.keys!;
    this.readProtection = RecordProtection.forSuite(suite, k.clientMacKey, k.clientKey, k.clientIv, 'decrypt');
    this.state = 'finished';
  }

  private onHandshake(msg: HandshakeMessage): void {
    if (this.state === 'key-exchange' && msg.type === HandshakeType.clientKeyExchange) {
      const modulusBytes = (this.opts.privateKey.asymmetricKeyDetails?.modulusLength ?? 0) >> 3;
      const preMaster = decryptPreMasterSecret(this.opts.privateKey, encryptedPreMaster(msg.body, modulusBytes), this.clientVersion);
      this.master = masterSecret(preMaster, this.clientRandom, this.serverRandom);
      this.keys = keyBlock(this.master, this.clientRandom, this.serverRandom, this.opts.suite);
      this.transcript.push(msg.raw);
      this.state = 'change-cipher-spec';
      return;
    }
    if (this.state === 'finished' && msg.type === HandshakeType.finished) return this.onClientFinished(msg);
    if (this.state === 'established' && (msg.type === HandshakeType.clientHello || msg.type === HandshakeType.helloRequest)) {
      // We never renegotiate; a warning lets the client carry on with the current keys.
      this.opts.raw.write(this.writeProtection.seal(ContentType.alert, Buffer.from([1, Alert.noRenegotiation])));
      return;
    }
    throw new TlsFatal(Alert.unexpectedMessage, `handshake message type ${msg.type} unexpected (${this.state})`);
  }

  private onClientFinished(msg: HandshakeMessage): void {
    const expected = finishedVerifyData(this.master, 'client', this.transcript);
    if (msg.body.length !== expected.length || !crypto.timingSafeEqual(msg.body, expected)) {
      throw new TlsFatal(Alert.decryptError, "the client's Finished does not match the handshake");
    }
    this.transcript.push(msg.raw);
    const ours = finishedMessage(finishedVerifyData(this.master, 'server', this.transcript));
    const ccs = this.writeProtection.seal(ContentType.changeCipherSpec, Buffer.from([1]));
    const { suite } = this.opts;
    const k = this.keys!;
    this.writeProtection = RecordProtection.forSuite(suite, k.serverMacKey, k.serverKey, k.serverIv, 'encrypt');
    this.opts.raw.write(Buffer.concat([ccs, this.writeProtection.seal(ContentType.handshake, ours)]));
    this.state = 'established';
    clearTimeout(this.timer);
    this.transcript.length = 0;
    this.socket = new LegacyTlsSocket(this, this.opts.raw, suite.name);
    this.opts.onEstablished(this.socket);
  }

  // ---- TCP events ---------------------------------------------------------------------

  private onEnd(): void {
    if (this.state === 'established') {
      this.peerClosed = true;
      this.socket!.push(null);
    } else this.fail({ cause: 'hangup', message: 'the client closed the connection during the handshake' });
  }

  private onClose(): void {
    if (this.state === 'closed') return;
    if (this.state === 'established') {
      this.state = 'closed';
      this.socket!.destroy();
      return;
    }
    this.fail({ cause: 'hangup', message: 'the connection closed during the handshake' });
  }

  private onSocketError(err: NodeJS.ErrnoException): void {
    if (this.state === 'established') {
      this.state = 'closed';
      this.socket!.destroy();
    } else {
      this.fail({ cause: 'hangup', message: `socket error during the handshake: ${err.code ?? err.message}` });
    }
  }

  // ---- LegacyTlsTransport (used by the socket) -----------------------------------------

  sendApplicationData(data: Buffer, done: (err?: Error | null) => void): void {
    if (this.state !== 'established' || this.closeNotifySent) {
      done(new Error('TLS connection is closed'));
      return;
    }
    if (data.length === 0) {
      done();
      return;
    }
    this.opts.raw.write(sealAll(this.writeProtection, ContentType.applicationData, data), done);
  }

  sendCloseNotify(): void {
    if (this.state !== 'established' || this.closeNotifySent) return;
    this.closeNotifySent = true;
    this.opts.raw.end(this.writeProtection.seal(ContentType.alert, Buffer.from([1, Alert.closeNotify])));
  }

  pauseInput(): void {
    if (this.state === 'established') this.opts.raw.pause();
  }

  resumeInput(): void {
    if (this.state === 'established') this.opts.raw.resume();
  }

  destroy(): void {
    // Already closed means fail() is flushing a final alert; do not cut it off.
    if (this.state === 'closed') return;
    const { raw } = this.opts;
    // http.Server drops idle keep-alive sockets with destroy(); say goodbye properly first so
    // the client sees an orderly close, not a truncation.
    if (this.state === 'established' && !this.closeNotifySent && raw.writable) {
      this.closeNotifySent = true;
      raw.write(this.writeProtection.seal(ContentType.alert, Buffer.from([1, Alert.closeNotify])));
    }
    this.state = 'closed';
    clearTimeout(this.timer);
    raw.destroy();
  }

  // ---- failure --------------------------------------------------------------------------

  private abort(err: unknown): void {
    if (err instanceof TlsFatal) this.fail({ cause: 'protocol', alert: err.alert, message: err.message });
    else this.fail({ cause: 'internal', alert: Alert.internalError, message: `internal error: ${(err as Error)?.message ?? String(err)}` });
  }

  private fail(failure: LegacyTlsFailure): void {
    if (this.state === 'closed') return;
    const wasEstablished = this.state === 'established';
    this.state = 'closed';
    clearTimeout(this.timer);
    const { raw } = this.opts;
    if ((failure.cause === 'protocol' || failure.cause === 'internal') && failure.alert !== undefined && raw.writable) {
      // Fatal alert, under whatever protection our side has switched to: 15 03 01 00 02 02 14.
      raw.end(this.writeProtection.seal(ContentType.alert, Buffer.from([2, failure.alert])));
      setTimeout(() => raw.destroy(), 1000).unref?.();
    } else {
      raw.destroy();
    }
    this.socket?.destroy();
    try {
      this.opts.onFailure(failure, wasEstablished);
    } catch {
      // Reporting must never break the connection handling.
    }
  }
}
