// The history's writer thread (started by history-writer.ts): its own connection to the database
// file writes each 200 ms batch of chat history, so the relay's event loop never holds for the
// transaction, its commit or the WAL's automatic checkpoints (docs/performance.md, "Relay, fifth
// pass"). After each batch, committed or failed, it stores the batch's number in the shared
// counter and wakes the main thread, which may be waiting for it (HistoryWriter.settle).
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { prepareHistoryInserts, writeHistoryBatch, type HistoryInserts } from './history-inserts';
import type { HistoryBatch } from './history-queue';
import { BUSY_TIMEOUT_MS, CLOSED, DONE, FAILED, READY, STATE, type WorkerStart } from './history-worker-state';

const { file, state, errors } = workerData as WorkerStart;

function signal(slot: number, value: number): void {
  Atomics.store(state, slot, value);
  Atomics.notify(state, DONE);
}

// Background work: the lowest priority for this thread alone. Only on Linux, where a thread's nice
// value is its own (setpriority on "this process" from a thread sets that thread's); on macOS and
// Windows the same call lowers the whole process. On a busy machine the scheduler then runs the
// event loop and the clients first, and the batch a little later.
if (process.platform === 'linux') {
  try {
    os.setPriority(19);
  } catch {
    // Not permitted here: the thread keeps the process's priority.
  }
}

let db: Database.Database | undefined;
let inserts: HistoryInserts | undefined;
try {
  db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  db.pragma('foreign_keys = ON');
  // The history alone is written without an fsync per commit (a power cut may lose its last
  // moments); the main connection keeps synchronous = FULL for every other write.
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -512');
  inserts = prepareHistoryInserts(db);
  signal(STATE, READY);
} catch (e) {
  errors.postMessage({ seq: 0, message: `could not open ${file}: ${(e as Error).message}` });
  db?.close();
  signal(STATE, FAILED);
}

// A thread whose connection did not open listens to nothing and ends; the main thread writes
// inline from then on (history-writer.ts).
if (db && inserts) listen(db, inserts);

function listen(conn: Database.Database, statements: HistoryInserts): void {
  parentPort!.on('message', (m: { seq: number; batch: HistoryBatch } | { close: true }) => {
    if ('close' in m) {
      conn.close();
      signal(STATE, CLOSED);
      parentPort!.close();
      errors.close();
      return;
    }
    try {
      writeHistoryBatch(conn, statements, m.batch);
    } catch (e) {
      // Posted before the counter moves, so a settle() that sees the counter finds the error too.
      errors.postMessage({ seq: m.seq, message: (e as Error).message });
    }
    signal(DONE, m.seq);
  });
}
