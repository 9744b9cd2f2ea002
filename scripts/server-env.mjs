// The environment the server process starts with (npm start, headless and Electron; the bench).
// MALLOC_ARENA_MAX=2: glibc gives each thread that allocates its own malloc arena (V8's compiler
// and garbage-collector helpers, libuv's pool), and after a crowd of clients leaves, the blocks
// freed in them stay with the process. With two arenas ~2 MB less is kept after 1,000 clients
// left, for no CPU cost measured (docs/performance.md, "Idle and after leaving, third pass").
// glibc reads it once, before the first allocation, so it must be set when the process starts:
// `npm run serve` runs the server in its own process and cannot set it (set it in the shell).
// Only glibc reads it: on macOS, Windows and musl it changes nothing. A value already set wins.
export function serverEnv(env = process.env) {
  return { MALLOC_ARENA_MAX: '2', ...env };
}
