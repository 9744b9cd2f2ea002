// Types for scripts/build-server.mjs (the bench imports it).
export const SERVER_BUNDLE: string;
export function buildServer(): Promise<void>;
export function ensureServerBundle(): Promise<void>;
