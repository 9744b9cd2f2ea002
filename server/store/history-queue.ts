// The history's changes waiting for their transaction (HistoryStore writes them every 200 ms).
// A relayed chat line is queued as numbers and UTF-8 bytes in preallocated columns, not as
// objects: at 2,000 messages a second the 200 ms of queued rows (a string and two objects each)
// outlived a young-generation collection or two and were copied each time, which cost more than
// inserting them. The conversation id and sender strings it refers to live as long as their
// conversation anyway. Other changes (a conversation beginning or ending, a join) are rare and
// stay objects, in the same order as the messages around them.
import type { HistoryMessage, HistoryParticipant, HistorySummary } from '../panel/history-types';

export type QueuedChange =
  | { op: 'begin'; id: string; kind: HistorySummary['kind']; startedAt: number; participants: HistoryParticipant[] }
  | { op: 'participants'; id: string; participants: HistoryParticipant[] }
  | { op: 'end'; id: string; endedAt: number };

type MessageKind = HistoryMessage['kind'];
/** Column code per entry: 0 = another change (in `others`), else a message of this kind. */
const KIND_CODES: Record<MessageKind, number> = { text: 1, nudge: 2, wink: 3, offline: 4 };
const KINDS: readonly (MessageKind | undefined)[] = [undefined, 'text', 'nudge', 'wink', 'offline'];

const FIRST_ROWS = 1024;
const FIRST_BYTES = 128 * 1024;

export interface QueueReader {
  change(c: QueuedChange): void;
  message(id: string, from: string, kind: MessageKind, text: string, time: number): void;
}

export class HistoryQueue {
  private codes!: Uint8Array;
  private times!: Float64Array;
  /** Where each message's text ends in `text` (it starts where the previous one ended). */
  private textEnds!: Uint32Array;
  private ids!: (string | undefined)[];
  private senders!: (string | undefined)[];
  private others!: (QueuedChange | undefined)[];
  private text!: Buffer;
  private textUsed = 0;
  private rows = 0;

  constructor() {
    this.reset();
  }

  get length(): number {
    return this.rows;
  }

  change(c: QueuedChange): void {
    const k = this.row(0);
    this.others[k] = c;
    this.textEnds[k] = this.textUsed;
  }

  /** A message whose text is `bytes[start..]` (UTF-8, a relayed payload's body), or a string. */
  message(id: string, from: string, kind: MessageKind, text: string | Buffer, time: number, start = 0): void {
    const size = typeof text === 'string' ? Buffer.byteLength(text) : text.length - start;
    if (this.textUsed + size > this.text.length) this.text = grow(this.text, this.textUsed + size);
    const k = this.row(KIND_CODES[kind]);
    this.ids[k] = id;
    this.senders[k] = from;
    this.times[k] = time;
    this.textUsed += typeof text === 'string' ? this.text.write(text, this.textUsed, 'utf8') : text.copy(this.text, this.textUsed, start);
    this.textEnds[k] = this.textUsed;
  }

  /** Hands every queued change to `reader` in order and empties the queue. */
  drain(reader: QueueReader): void {
    let from = 0;
    for (let k = 0; k < this.rows; k++) {
      const kind = KINDS[this.codes[k]!];
      const to = this.textEnds[k]!;
      if (kind === undefined) reader.change(this.others[k]!);
      else reader.message(this.ids[k]!, this.senders[k]!, kind, this.text.toString('utf8', from, to), this.times[k]!);
      from = to;
    }
    this.ids.fill(undefined, 0, this.rows);
    this.senders.fill(undefined, 0, this.rows);
    this.others.fill(undefined, 0, this.rows);
    this.rows = 0;
    this.textUsed = 0;
    // A burst grew the columns: give the memory back rather than keep it for the next one.
    if (this.codes.length > 4 * FIRST_ROWS || this.text.length > 4 * FIRST_BYTES) this.reset();
  }

  private row(code: number): number {
    if (this.rows === this.codes.length) this.growRows();
    const k = this.rows++;
    this.codes[k] = code;
    return k;
  }

  private growRows(): void {
    const n = this.codes.length * 2;
    this.codes = widened(this.codes, new Uint8Array(n));
    this.times = widened(this.times, new Float64Array(n));
    this.textEnds = widened(this.textEnds, new Uint32Array(n));
    for (const col of [this.ids, this.senders, this.others] as unknown[][]) {
      for (let k = col.length; k < n; k++) col.push(undefined);
    }
  }

  /** Empty columns of the first size (at the start, and after a burst grew them). */
  private reset(): void {
    this.codes = new Uint8Array(FIRST_ROWS);
    this.times = new Float64Array(FIRST_ROWS);
    this.textEnds = new Uint32Array(FIRST_ROWS);
    this.ids = new Array<string | undefined>(FIRST_ROWS).fill(undefined);
    this.senders = new Array<string | undefined>(FIRST_ROWS).fill(undefined);
    this.others = new Array<QueuedChange | undefined>(FIRST_ROWS).fill(undefined);
    this.text = Buffer.alloc(FIRST_BYTES);
  }
}

/** `to`, holding `from`'s values first. */
function widened<T extends Uint8Array | Float64Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function grow(buf: Buffer, need: number): Buffer {
  let n = buf.length * 2;
  while (n < need) n *= 2;
  const out = Buffer.alloc(n);
  buf.copy(out);
  return out;
}
