// The server as a peer that owns display pictures: it answers a client's MSNSLP INVITE for an MSN
// object the way Messenger does, over whichever P2P version the client spoke.
//   C: INVITE (EUF-GUID {A4268EEC-…}, SessionID 5, AppID 12, Context base64(<msnobj …/>))   S: ack
//   S: MSNSLP/1.0 200 OK (SessionID 5)          C: ack
//   S: data preparation (4 zero bytes)          C: ack
//   S: the picture in 1202-byte chunks          C: ack
//   C: BYE (or, MSNPSharp 2.5.8, a 0x40 close)  S: ack          — P2P v2: S: BYE, C: ack (MSNPSharp 3.0)
// A request for an object we do not have (another picture, an old one) gets 603 Decline, as a
// client answers when the user refuses; a request we cannot read gets 500 Internal Error.
import { randomUUID } from 'node:crypto';
import { parseMsnObject, MSNOBJ_DISPLAY_PICTURE } from '../../core/msn-object';
import { buildSlp, DISPLAY_PICTURE_EUF_GUID, parseSlp, slpAddress, slpBranch, type SlpMessage } from './slp';
import type { P2pLink } from './link';

export interface ObjectServerOptions {
  link: P2pLink;
  /** Our address as the peer wrote it in To: (with ";{guid}" on v2). */
  local: string;
  /** The MSN object's bytes, if it names a picture we serve now. */
  find(creator: string, sha1d: string): Buffer | undefined;
  /** A line for the traffic tap. */
  note(line: string): void;
}

/** Display pictures are sent with AppID 1 (MSN 6–7) or 12 (WLM); anything else falls back to 1. */
const PICTURE_APP_IDS = new Set([1, 12]);
/** A session that has not finished in this long is dropped (its acks will never come). */
export const OBJECT_SESSION_TIMEOUT_MS = 60_000;

export class ObjectServer {
  private readonly sessions = new Map<number, { callId: string; timer: NodeJS.Timeout }>();
  private closed = false;

  constructor(private readonly o: ObjectServerOptions) {}

  /** One P2P message from the peer. */
  receive(body: Buffer): void {
    if (this.closed) return;
    for (const ev of this.o.link.receive(body)) {
      if (ev.kind === 'error') this.o.note(`P2P v${this.o.link.version} message dropped: ${ev.why}`);
      else if (ev.kind === 'closed') this.end(ev.sessionId, 'the peer closed it');
      else if (ev.kind === 'slp') this.slp(ev.bytes);
    }
  }

  /** The switchboard session ended, or the contact left it. */
  close(): void {
    this.closed = true;
    for (const id of [...this.sessions.keys()]) this.end(id, 'the conversation ended');
    this.o.link.close('the conversation ended');
  }

  get openSessions(): number {
    return this.sessions.size;
  }

  private slp(bytes: Buffer): void {
    const parsed = parseSlp(bytes);
    if (!parsed.ok) {
      this.o.note(`MSNSLP message refused: ${parsed.why}`);
      return;
    }
    const m = parsed.message;
    const verb = m.startLine.split(' ')[0];
    if (verb === 'INVITE') this.invite(m);
    else if (verb === 'BYE') {
      const id = [...this.sessions].find(([, s]) => s.callId === m.headers.get('call-id'))?.[0];
      if (id !== undefined) this.end(id, 'BYE from the peer');
    }
    // Replies (200/603 to our BYE) and anything else need nothing more than the ack already sent.
  }

  private invite(m: SlpMessage): void {
    const remote = slpAddress(m.headers.get('from'));
    const branch = slpBranch(m.headers.get('via'));
    const callId = m.headers.get('call-id');
    const reply = (status: string, body: [string, string][]) =>
      buildSlp({
        startLine: `MSNSLP/1.0 ${status}`,
        to: remote ?? 'unknown',
        from: this.o.local,
        branch: branch ?? `{${randomUUID().toUpperCase()}}`,
        cseq: 1,
        callId: callId ?? `{${randomUUID().toUpperCase()}}`,
        contentType: 'application/x-msnmsgr-sessionreqbody',
        body,
      });
    const sessionId = Number(m.body.get('sessionid'));
    const sessionField: [string, string][] = Number.isInteger(sessionId) ? [['SessionID', String(sessionId)]] : [];
    const problem = !remote
      ? 'no From address'
      : !branch || !callId
        ? 'no Via branch or Call-ID'
        : m.headers.get('content-type') !== 'application/x-msnmsgr-sessionreqbody'
          ? `content type ${m.headers.get('content-type') ?? '(none)'}`
          : !Number.isInteger(sessionId) || sessionId <= 0 || sessionId > 0xffffffff
            ? `SessionID "${m.body.get('sessionid') ?? ''}"`
            : undefined;
    if (problem) {
      this.o.note(`MSNSLP INVITE unreadable (${problem}): 500 Internal Error`);
      void this.o.link.sendSlp(reply('500 Internal Error', sessionField)).catch(() => {});
      return;
    }
    const object = m.body.get('euf-guid')?.toUpperCase() === DISPLAY_PICTURE_EUF_GUID ? decodeContext(m.body.get('context')) : undefined;
    const data = object && object.type === MSNOBJ_DISPLAY_PICTURE ? this.o.find(object.creator, object.sha1d) : undefined;
    if (!data) {
      const what = object ? `picture ${object.sha1d} of ${object.creator}, which is not the current one` : `EUF-GUID ${m.body.get('euf-guid') ?? '(none)'}`;
      this.o.note(`MSNSLP INVITE for ${what}: 603 Decline`);
      void this.o.link.sendSlp(reply('603 Decline', sessionField)).catch(() => {});
      return;
    }
    if (this.sessions.has(sessionId)) {
      this.o.note(`MSNSLP INVITE reuses session ${sessionId}: 500 Internal Error`);
      void this.o.link.sendSlp(reply('500 Internal Error', sessionField)).catch(() => {});
      return;
    }
    const appIdAsked = Number(m.body.get('appid'));
    const appId = PICTURE_APP_IDS.has(appIdAsked) ? appIdAsked : 1;
    const timer = setTimeout(() => this.end(sessionId, `not finished within ${OBJECT_SESSION_TIMEOUT_MS / 1000} s`), OBJECT_SESSION_TIMEOUT_MS);
    timer.unref();
    this.sessions.set(sessionId, { callId: callId!, timer });
    this.o.note(`MSNSLP INVITE for ${object!.creator}'s picture (${data.length} bytes), session ${sessionId}: 200 OK`);
    const link = this.o.link;
    const live = () => this.sessions.has(sessionId);
    void (async () => {
      await link.sendSlp(reply('200 OK', [['SessionID', String(sessionId)]]));
      if (!live()) return;
      await link.sendDataPreparation(sessionId, appId);
      if (!live()) return;
      await link.sendData(sessionId, appId, data);
      this.o.note(`picture sent in session ${sessionId} (P2P v${link.version}), acknowledged`);
      if (link.version === 2 && live()) {
        // WLM 2009's sender closes the session itself once the data is through (MSNPSharp 3.0 does the same).
        await link.sendSlp(
          buildSlp({
            startLine: `BYE MSNMSGR:${remote} MSNSLP/1.0`,
            to: remote!,
            from: this.o.local,
            branch: `{${randomUUID().toUpperCase()}}`,
            cseq: 0,
            callId: callId!,
            contentType: 'application/x-msnmsgr-sessionclosebody',
            body: [['SessionID', String(sessionId)]],
          }),
        );
        this.end(sessionId, 'done');
      }
    })().catch(() => this.end(sessionId, 'no acknowledgement'));
  }

  private end(sessionId: number, why: string): void {
    const s = this.sessions.get(sessionId);
    if (!s) return;
    clearTimeout(s.timer);
    this.sessions.delete(sessionId);
    if (why !== 'done') this.o.note(`P2P session ${sessionId} ends: ${why}`);
  }
}

/** The INVITE's Context: base64 of the MSN object XML (often NUL-terminated). */
function decodeContext(context: string | undefined): ReturnType<typeof parseMsnObject> {
  if (!context || !/^[A-Za-z0-9+/=\s]+$/.test(context)) return undefined;
  return parseMsnObject(Buffer.from(context, 'base64').toString('utf8').replace(/\0+$/, ''));
}
