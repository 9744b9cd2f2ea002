// What an MSNSLP session needs of a P2P transport, whichever version frames it: whole MSNSLP
// messages in, and messages out that resolve once the other side acknowledged them.

export type LinkEvent =
  | { kind: 'slp'; bytes: Buffer }
  /** A whole message in a data session we receive (expectData): the preparation, or an object's bytes (`object`). */
  | { kind: 'data'; sessionId: number; bytes: Buffer; object: boolean }
  /** The peer closed a data session without MSNSLP (P2P v1 flag 0x40, as MSNPSharp 2.5.8 does). */
  | { kind: 'closed'; sessionId: number }
  /** A message that cannot be framed (lying offset, bad lengths): it is dropped. */
  | { kind: 'error'; why: string };

export interface P2pLink {
  readonly version: 1 | 2;
  /** One P2P message from the switchboard MSG body. */
  receive(body: Buffer): LinkEvent[];
  /** An MSNSLP message (session 0), chunked as needed; resolves when acknowledged. */
  sendSlp(bytes: Buffer): Promise<void>;
  /** The four zero bytes that announce a display picture's data (MSN 6+). */
  sendDataPreparation(sessionId: number, appId: number): Promise<void>;
  /** The object's bytes in chunks; resolves when the peer acknowledged all of them. */
  sendData(sessionId: number, appId: number, data: Buffer): Promise<void>;
  /** Gives up on everything waiting for an acknowledgement. */
  close(why: string): void;
}

/** Acknowledgements awaited, by the number the peer's ack will carry. */
export class AckWaits {
  private readonly waits = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();

  wait(key: number): Promise<void> {
    return new Promise((resolve, reject) => this.waits.set(key >>> 0, { resolve, reject }));
  }

  /** True when something was waiting for this ack. */
  settle(key: number): boolean {
    const w = this.waits.get(key >>> 0);
    if (!w) return false;
    this.waits.delete(key >>> 0);
    w.resolve();
    return true;
  }

  rejectAll(why: string): void {
    for (const w of this.waits.values()) w.reject(new Error(why));
    this.waits.clear();
  }
}
