// Runs the server (or Electron) as a child of `npm start` so that stopping npm stops it too.
// npm runs a script through `sh -c`, and sh does not pass signals on: killing npm's process (or
// that shell) left this script orphaned and the server still holding its ports (issue 13). So:
//  - SIGINT, SIGTERM and SIGHUP are passed to the child;
//  - when our parent goes away (our parent process id changes), the child is told SIGTERM;
//  - the child gets an IPC channel when it is Node (the headless server), and stops when the
//    channel closes, so even a SIGKILL of this script cannot leave the server running.
import { spawn } from 'node:child_process';

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const PARENT_CHECK_MS = 1000;

/** Starts `cmd` and exits with its exit code once it has ended. `ipc`: give it a channel to watch. */
export function runSupervised(cmd, args, { cwd, ipc = false, env } = {}) {
  const child = spawn(cmd, args, { cwd, env, stdio: ipc ? ['inherit', 'inherit', 'inherit', 'ipc'] : 'inherit' });
  let stopping = false;
  const stop = (sig) => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  };
  for (const sig of FORWARDED) process.on(sig, () => stop(sig));
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent && !stopping) stop('SIGTERM');
  }, PARENT_CHECK_MS);
  watch.unref();
  child.on('exit', (code, signal) => {
    clearInterval(watch);
    process.exit(code ?? (signal && !stopping ? 1 : 0));
  });
  return child;
}
