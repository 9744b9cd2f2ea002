// Types for scripts/build-server.mjs (the bench and tests import it).
import type { Metafile } from 'esbuild';
export const SERVER_BUNDLE: string;
/** dist-server/history-worker.mjs: the chat history's writer thread. */
export const HISTORY_WORKER_BUNDLE: string;
export const LAZY_PACKAGES: string[];
export function buildServer(): Promise<Metafile>;
export function ensureServerBundle(): Promise<void>;
