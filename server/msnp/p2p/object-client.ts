// The server as a peer that asks for an MSN object (a client's display picture): the requesting side
// of what object-server.ts answers, over P2P v1.
//   S: INVITE (EUF-GUID {A4268EEC-…}, SessionID 7, AppID 1, Context base64(<msnobj …/>))   C: ack
//   C: MSNSLP/1.0 200 OK (SessionID 7)            S: ack
//   C: data preparation (4 zero bytes)             S: ack
//   C: the picture in chunks (flag 0x20)           S: ack
//   S: BYE                                         C: ack          (the receiver closes, as MSN 7.5 does)
// A 603 Decline, an error status, a BYE before the data, or data over the cap ends the request with a reason.
import { randomInt, randomUUID } from 'node:crypto';
import { buildSlp, DISPLAY_PICTURE_EUF_GUID, parseSlp } from './slp';
import type { V1Link } from './link-v1';

export interface ObjectClientOptions {
  link: V1Link;
  /** Our address (From:) and theirs (To:). */
  local: string;
  remote: string;
  /** The MSN object XML as the peer announced it (sent back as Context). */
  msnObject: string;
  /** The most bytes the object may have. */
  maxBytes: number;
  note(line: string): void;
}

/** Messenger's AppID for a display picture (MSN 6-7.5; WLM also answers it). */
const PICTURE_APP_ID = 1;

export class ObjectClient {
  readonly sessionId = randomInt(1_000, 0x7fffffff);
  private readonly callId = `{${randomUUID().toUpperCase()}}`;
  private accepted = false;
  private settled = false;
  private resolve!: (bytes: Buffer) => void;
  private reject!: (e: Error) => void;
  /** The object's bytes, or an Error saying why not. */
  readonly result = new Promise<Buffer>((res, rej) => {
    this.resolve = res;
    this.reject = rej;
  });

  constructor(private readonly o: ObjectClientOptions) {
    this.result.catch(() => {}); // whoever awaits it sees the reason; an unawaited failure is not a crash
  }

  start(): void {
    this.o.link.expectData(this.sessionId, this.o.maxBytes);
    const context = Buffer.concat([Buffer.from(this.o.msnObject, 'utf8'), Buffer.from([0])]).toString('base64');
    const invite = this.slp(`INVITE MSNMSGR:${this.o.remote} MSNSLP/1.0`, 0, 'application/x-msnmsgr-sessionreqbody', [
      ['EUF-GUID', DISPLAY_PICTURE_EUF_GUID],
      ['SessionID', String(this.sessionId)],
      ['AppID', String(PICTURE_APP_ID)],
      ['Context', context],
    ]);
    this.o.link.sendSlp(invite).catch((e: Error) => this.fail(`the INVITE was not acknowledged (${e.message})`));
  }

  /** One P2P message from the peer. */
  receive(body: Buffer): void {
    if (this.settled) return;
    for (const ev of this.o.link.receive(body)) {
      if (ev.kind === 'error') return this.fail(`P2P message refused: ${ev.why}`);
      if (ev.kind === 'closed') return this.fail('the peer closed the session before the data');
      if (ev.kind === 'data') this.data(ev.bytes, ev.object);
      else this.slpIn(ev.bytes);
    }
  }

  /** Gives up (time out, conversation over). */
  close(why: string): void {
    this.fail(why);
    this.o.link.close(why);
  }

  private slpIn(bytes: Buffer): void {
    const parsed = parseSlp(bytes);
    if (!parsed.ok) return this.fail(`unreadable MSNSLP answer: ${parsed.why}`);
    const m = parsed.message;
    if (m.headers.get('call-id') !== this.callId) return; // another session's
    const status = /^MSNSLP\/1\.0 (\d{3}) (.*)$/.exec(m.startLine);
    if (status && status[1] === '200') {
      this.accepted = true;
      this.o.note(`INVITE for the picture accepted (200 OK), session ${this.sessionId}`);
    } else if (status) this.fail(`the client answered ${status[1]} ${status[2]}`);
    else if (m.startLine.startsWith('BYE ')) this.fail('the client ended the session (BYE) before the data');
  }

  private data(bytes: Buffer, object: boolean): void {
    if (!this.accepted) return this.fail('data before the 200 OK');
    // The data preparation: four zero bytes without the data flag (MSN 6+).
    if (!object && bytes.length === 4 && bytes.readUInt32LE(0) === 0) return;
    this.settled = true;
    this.resolve(bytes);
    const bye = this.slp(`BYE MSNMSGR:${this.o.remote} MSNSLP/1.0`, 0, 'application/x-msnmsgr-sessionclosebody', [['SessionID', String(this.sessionId)]]);
    this.o.link.sendSlp(bye).catch(() => {}); // the picture is here; an unacknowledged BYE changes nothing
  }

  private fail(why: string): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(new Error(why));
  }

  private slp(startLine: string, cseq: number, contentType: string, body: [string, string][]): Buffer {
    return buildSlp({
      startLine,
      to: this.o.remote,
      from: this.o.local,
      branch: `{${randomUUID().toUpperCase()}}`,
      cseq,
      callId: this.callId,
      contentType,
      body,
    });
  }
}
