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

/** A queue's changes taken out at once (`HistoryQueue.take`), read back with `readBatch`. */
export interface HistoryBatch {
  /** Per entry: 0 = a change in `others`, else a message of that kind. */
  codes: Uint8Array;
  times: Float64Array;
  /** Where each entry's text ends in `text` (UTF-8; it starts where the previous one ended). */
  textEnds: Uint32Array;
  text: Uint8Array;
  ids: (string | undefined)[];
  senders: (string | undefined)[];
  others: (QueuedChange | undefined)[];
}

/** Hands a batch's changes to `reader` in the order they were queued (text decoded here). */
export function readBatch(b: HistoryBatch, reader: QueueReader): void {
  const text = Buffer.from(b.text.buffer, b.text.byteOffset, b.text.byteLength);
  let from = 0;
  for (let k = 0; k < b.codes.length; k++) {
    const kind = KINDS[b.codes[k]!];
    const to = b.textEnds[k]!;
    if (kind === undefined) reader.change(b.others[k]!);
    else reader.message(b.ids[k]!, b.senders[k]!, kind, text.toString('utf8', from, to), b.times[k]!);
    from = to;
  }
}

/** The ArrayBuffers a batch's columns own alone (each a fresh copy), to transfer rather than copy. */
export function batchBuffers(b: HistoryBatch): ArrayBuffer[] {
  return [b.codes.buffer, b.times.buffer, b.textEnds.buffer, b.text.buffer] as ArrayBuffer[];
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

  /**
   * Everything queued, copied out as one batch of plain columns (what crosses to the history's
   * writer thread: typed arrays and strings, no text decoded here), and the queue emptied.
   */
  take(): HistoryBatch {
    const n = this.rows;
    const batch: HistoryBatch = {
      codes: this.codes.slice(0, n),
      times: this.times.slice(0, n),
      textEnds: this.textEnds.slice(0, n),
      text: Uint8Array.prototype.slice.call(this.text, 0, this.textUsed),
      ids: this.ids.slice(0, n),
      senders: this.senders.slice(0, n),
      others: this.others.slice(0, n),
    };
    this.ids.fill(undefined, 0, n);
    this.senders.fill(undefined, 0, n);
    this.others.fill(undefined, 0, n);
    this.rows = 0;
    this.textUsed = 0;
    // A burst grew the columns: give the memory back rather than keep it for the next one.
    if (this.codes.length > 4 * FIRST_ROWS || this.text.length > 4 * FIRST_BYTES) this.reset();
    return batch;
  }

  /** Hands every queued change to `reader` in order and empties the queue. */
  drain(reader: QueueReader): void {
    readBatch(this.take(), reader);
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
