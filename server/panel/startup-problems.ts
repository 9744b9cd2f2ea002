// Listeners that could not open the port they were asked for. The Electron app does not quit on
// such a bind error: it starts that listener on another port and records the problem here, so
// the dashboard can say what went wrong and how to fix it while the rest of Butterfly works.
import type { Butterfly } from '../app';
import type { BindProblem, ListenerName } from './contract';

const problems = new WeakMap<Butterfly, BindProblem[]>();

export function recordStartupProblems(app: Butterfly, list: BindProblem[]): void {
  problems.set(app, [...list]);
}

export function startupProblems(app: Butterfly): readonly BindProblem[] {
  return problems.get(app) ?? [];
}

/** The listener a BindError's service name belongs to (see server/listen.ts). */
export function listenerOfService(service: string): ListenerName | undefined {
  const byService: Record<string, ListenerName> = {
    'notification server': 'ns',
    switchboard: 'sb',
    HTTP: 'http',
    HTTPS: 'https',
    panel: 'panel',
  };
  return byService[service];
}
