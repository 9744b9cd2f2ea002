// What the main thread and the history's writer thread (history-worker.ts) share: the slots of
// their shared Int32Array and what the thread is started with.
import type { MessagePort } from 'node:worker_threads';

/** Slot: the number of the last batch the thread finished (committed or failed). */
export const DONE = 0;
/** Slot: the thread's state, one of the values below. */
export const STATE = 1;
export const STARTING = 0;
export const READY = 1;
export const CLOSED = 2;
export const FAILED = -1;
export const SLOTS = 2;

/** How long the thread's connection waits for the main connection's write lock. */
export const BUSY_TIMEOUT_MS = 5000;

export interface WorkerStart {
  file: string;
  state: Int32Array;
  /** Failed batches: { seq, message }, read by the main thread. */
  errors: MessagePort;
}
