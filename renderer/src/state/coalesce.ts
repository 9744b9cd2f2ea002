// Runs an async task at most once at a time: calls made while it runs fold into one more run.
// A burst of list events (deleting an account touches many lists) then costs two loads, not fifty.
export function coalesce<A extends string | void>(task: (arg: A) => Promise<void>): (arg: A) => Promise<void> {
  const running = new Map<A, Promise<void>>();
  const again = new Set<A>();
  const run = (arg: A): Promise<void> => {
    const current = running.get(arg);
    if (current) {
      again.add(arg);
      return current;
    }
    const p = task(arg).finally(() => {
      running.delete(arg);
      if (again.delete(arg)) void run(arg);
    });
    running.set(arg, p);
    return p;
  };
  return run;
}
