// The plaintext side of a connection the JavaScript TLS engine has established: a Duplex that
// http.Server accepts like a TLSSocket (httpServer.emit('connection', socket)), so requests
// reach the same router as on the runtime's TLS. Reads and writes go through the engine's
// record layer; timeouts, addresses and the TLSSocket-style getters map to the TCP socket.

import { Duplex } from 'node:stream';
import type net from 'node:net';

/** What the socket needs from the connection that owns the record layer. */
export interface LegacyTlsTransport {
  sendApplicationData(data: Buffer, done: (err?: Error | null) => void): void;
  /** Send close_notify and half-close TCP. */
  sendCloseNotify(): void;
  /** Stop / restart reading from TCP, for backpressure. */
  pauseInput(): void;
  resumeInput(): void;
  destroy(): void;
}

export class LegacyTlsSocket extends Duplex {
  /** What https-aware code checks (req.socket.encrypted), as on tls.TLSSocket. */
  readonly encrypted = true;
  readonly authorized = false;

  constructor(
    private readonly transport: LegacyTlsTransport,
    private readonly raw: net.Socket,
    private readonly cipherName: string,
  ) {
    super({ allowHalfOpen: false });
    raw.on('timeout', () => this.emit('timeout'));
  }

  get remoteAddress(): string | undefined {
    return this.raw.remoteAddress;
  }
  get remotePort(): number | undefined {
    return this.raw.remotePort;
  }
  get remoteFamily(): string | undefined {
    return this.raw.remoteFamily;
  }
  get localAddress(): string | undefined {
    return this.raw.localAddress;
  }
  get localPort(): number | undefined {
    return this.raw.localPort;
  }

  getProtocol(): string {
    return 'TLSv1';
  }

  getCipher(): { name: string; standardName: string; version: string } {
    return { name: this.cipherName, standardName: this.cipherName, version: 'TLSv1' };
  }

  /** http.Server arms keep-alive and request timeouts through this; the TCP socket keeps time. */
  setTimeout(ms: number, callback?: () => void): this {
    this.raw.setTimeout(ms);
    if (callback) this.once('timeout', callback);
    return this;
  }

  setNoDelay(noDelay?: boolean): this {
    this.raw.setNoDelay(noDelay);
    return this;
  }

  setKeepAlive(enable?: boolean, delay?: number): this {
    this.raw.setKeepAlive(enable, delay);
    return this;
  }

  /** Decrypted bytes from the engine; false asks it to stop reading TCP until _read. */
  deliver(data: Buffer): void {
    if (data.length > 0 && !this.push(data)) this.transport.pauseInput();
  }

  override _read(): void {
    this.transport.resumeInput();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    this.transport.sendApplicationData(chunk, callback);
  }

  override _final(callback: (err?: Error | null) => void): void {
    this.transport.sendCloseNotify();
    callback();
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    this.transport.destroy();
    callback(err);
  }
}
