// Where the chat history's batches are written (HistoryStore hands one over every 200 ms). A
// database file gets a writer thread with its own connection (history-worker.ts), so the relay's
// event loop never holds for the transaction and its commit; an in-memory database (tests, the
// demo) cannot be shared with a thread and is written inline, as is a file when the thread cannot
// start (its file missing in a bundle, or its native module failing to load): never worse than
// writing on the main thread, which is what the server did before.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Db } from './db';
import { prepareHistoryInserts, writeHistoryBatch, type HistoryInserts } from './history-inserts';
import { batchBuffers, type HistoryBatch } from './history-queue';
import { CLOSED, DONE, FAILED, SLOTS, STATE, type WorkerStart } from './history-worker-state';

export interface HistoryWriter {
  /** 'worker' while the writer thread writes; 'inline' for the main connection. */
  readonly kind: 'worker' | 'inline';
  /** Hands a batch over (the worker takes its typed arrays: the caller must not reuse them). */
  write(batch: HistoryBatch): void;
  /** Returns once every batch handed over is written (or failed and was reported). */
  settle(): void;
  /** Settles, then lets go of the thread and its connection (before the main connection closes); a later batch starts another. */
  close(): void;
  /** Whether a writer thread (and its V8 heap) is running now. */
  readonly threadRunning: boolean;
}

/** How long a read of the history waits for the thread before it gives up with an error. */
const SETTLE_MS = 10_000;
/** A thread with no batch for one to two of these is stopped (its ~10 MB given back), started again at the next batch. */
const IDLE_MS = 60_000;

export function openHistoryWriter(db: Db, log: (line: string) => void): HistoryWriter {
  return db.memory ? new InlineHistoryWriter(db) : new ThreadHistoryWriter(db, log);
}

/** Writes each batch at once on the main connection. */
export class InlineHistoryWriter implements HistoryWriter {
  readonly kind = 'inline';
  private inserts?: HistoryInserts;

  constructor(private readonly db: Db) {}

  write(batch: HistoryBatch): void {
    if (!this.db.open) return;
    const inserts = (this.inserts ??= prepareHistoryInserts(this.db));
    // As before the writer thread: a file written inline (the thread could not start) commits the
    // history without an fsync (synchronous NORMAL) and restores FULL for every other write.
    const was = Number(this.db.pragma('synchronous', { simple: true }));
    if (!this.db.memory) this.db.pragma('synchronous = NORMAL');
    try {
      writeHistoryBatch(this.db, inserts, batch);
    } finally {
      if (!this.db.memory) this.db.pragma(`synchronous = ${was}`);
    }
  }

  settle(): void {}

  close(): void {}

  readonly threadRunning = false;
}

/**
 * Posts each batch to the writer thread, started at the first batch (an idle server keeps no
 * second V8 heap) and stopped after a minute or two without one (a thread is ~10 MB of RSS). The
 * thread numbers what it finished in a shared Int32Array; settle() waits on it with
 * Atomics.wait, so the history's reads stay synchronous and see every row.
 */
export class ThreadHistoryWriter implements HistoryWriter {
  private worker?: Worker;
  private errors?: MessagePort;
  /** Shared with the current thread (a new one for each thread started). */
  private state = newState();
  /** Batches posted to the current thread. */
  private sent = 0;
  private idle?: NodeJS.Timeout;
  private wroteSinceLook = false;
  /** Set when the thread could not start or died: batches go to the main connection from then on. */
  private inline?: InlineHistoryWriter;

  constructor(
    private readonly db: Db,
    private readonly log: (line: string) => void,
  ) {}

  get kind(): 'worker' | 'inline' {
    return this.inline ? 'inline' : 'worker';
  }

  write(batch: HistoryBatch): void {
    if (!this.inline && !this.worker) this.start();
    if (this.inline || Atomics.load(this.state, STATE) === FAILED) return this.writeInline(batch);
    this.wroteSinceLook = true;
    this.worker!.postMessage({ seq: ++this.sent, batch }, batchBuffers(batch));
  }

  settle(): void {
    if (!this.worker) return;
    const deadline = Date.now() + SETTLE_MS;
    for (;;) {
      const done = Atomics.load(this.state, DONE);
      if (done === this.sent || Atomics.load(this.state, STATE) === FAILED || this.inline) break;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `The history's writer thread has not finished batch ${this.sent} in ${SETTLE_MS / 1000} s ` +
            `(last finished: ${done}); the conversations shown may lack the last moments.`,
        );
      }
      // In slices: a state change without a new batch number is noticed within 100 ms.
      Atomics.wait(this.state, DONE, done, Math.min(left, 100));
    }
    this.reportErrors();
    if (Atomics.load(this.state, STATE) === FAILED) this.fallBack('its connection did not open');
  }

  close(): void {
    if (!this.worker) return;
    try {
      this.settle();
    } catch (e) {
      this.log((e as Error).message);
    }
    const worker = this.worker;
    if (!this.inline) {
      worker.postMessage({ close: true });
      // The thread closes its connection before the main one closes (the last to close checkpoints
      // the WAL into the database file and removes it).
      const deadline = Date.now() + SETTLE_MS;
      while (Atomics.load(this.state, STATE) !== CLOSED && Atomics.load(this.state, STATE) !== FAILED && Date.now() < deadline) {
        Atomics.wait(this.state, DONE, Atomics.load(this.state, DONE), 100);
      }
    }
    this.reportErrors();
    clearInterval(this.idle);
    this.errors?.close();
    this.errors = undefined;
    this.worker = undefined;
    void worker.terminate();
  }

  /** Stops the thread when no batch came since the last look (the timer looks every IDLE_MS); true if stopped. */
  stopIfIdle(): boolean {
    const idle = !this.wroteSinceLook;
    this.wroteSinceLook = false;
    if (!idle || !this.worker || this.inline || Atomics.load(this.state, DONE) !== this.sent) return false;
    this.close(); // settled already: the thread only closes its connection
    return true;
  }

  get threadRunning(): boolean {
    return this.worker !== undefined;
  }

  private start(): void {
    const entry = workerEntry();
    if (typeof entry === 'string') return this.fallBack(entry);
    const { port1, port2 } = new MessageChannel();
    this.state = newState();
    this.sent = 0;
    this.wroteSinceLook = false;
    const start: WorkerStart = { file: this.db.name, state: this.state, errors: port2 };
    try {
      this.worker = new Worker(entry.source, { eval: entry.eval, workerData: start, transferList: [port2], execArgv: [] });
    } catch (e) {
      return this.fallBack(`it could not start: ${(e as Error).message}`);
    }
    this.errors = port1;
    port1.on('message', (m: { seq: number; message: string }) => this.reported(m));
    port1.unref();
    this.worker.unref();
    this.idle = setInterval(() => this.stopIfIdle(), IDLE_MS);
    this.idle.unref();
    const worker = this.worker;
    // A thread that failed to load, or died, is noticed here (between turns of the event loop).
    worker.on('error', (e) => {
      if (this.worker === worker) this.fallBack(`it stopped: ${e.message}`);
    });
    worker.on('exit', (code) => {
      if (this.worker === worker && Atomics.load(this.state, STATE) !== CLOSED) this.fallBack(`it exited (code ${code})`);
    });
  }

  private reportErrors(): void {
    if (!this.errors) return;
    for (let m = receiveMessageOnPort(this.errors); m; m = receiveMessageOnPort(this.errors)) this.reported(m.message);
  }

  private reported(m: { seq: number; message: string }): void {
    // Like a transaction on the main thread that rolled back: that batch's rows are not kept.
    this.log(
      m.seq === 0
        ? `History: the writer thread ${m.message}.`
        : `History: a batch of chat history could not be written and is lost (${m.message}).`,
    );
  }

  private fallBack(why: string): void {
    if (this.inline) return;
    this.log(`History: written on the main thread, not by a writer thread: ${why}.`);
    this.inline = new InlineHistoryWriter(this.db);
    const lost = this.sent - Atomics.load(this.state, DONE);
    if (this.worker && lost > 0) this.log(`History: ${lost} batch(es) handed to the writer thread were not written.`);
  }

  private writeInline(batch: HistoryBatch): void {
    if (!this.inline) this.fallBack('its connection did not open');
    this.inline!.write(batch);
  }
}

function newState(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));
}

/**
 * The writer thread's code beside this module's: history-worker.ts under tsx (development, tests;
 * a worker does not inherit tsx's loader for its own entry in Node 20, so a one-line bootstrap
 * registers it first), dist-server/history-worker.mjs beside the compiled server,
 * dist-electron/history-worker.cjs beside Electron's main bundle. A string says why there is none.
 */
function workerEntry(): { source: string | URL; eval: boolean } | string {
  const here = typeof __filename === 'string' ? pathToFileURL(__filename).href : (import.meta.url as string | undefined);
  if (!here) return 'this build does not say where its files are';
  if (here.endsWith('.ts')) {
    const tsx = import.meta.resolve('tsx/esm/api');
    const worker = new URL('./history-worker.ts', here).href;
    return { source: `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(worker)}); })`, eval: true };
  }
  const file = path.join(path.dirname(fileURLToPath(here)), here.endsWith('.cjs') ? 'history-worker.cjs' : 'history-worker.mjs');
  return fs.existsSync(file) ? { source: file, eval: false } : `${file} is missing`;
}
