// Types for scripts/server-env.mjs (the bench imports it).
export function serverEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
