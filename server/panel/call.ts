// One operation call as both the WebSocket and the Electron IPC transport make it: the operation
// name and request checked, the handler run, the outcome (or an error a person can act on) returned.
import { isOperationName, PanelError, type CallOutcome } from './contract';
import type { PanelHandlers } from './handlers';

export async function callOperation(handlers: PanelHandlers, op: unknown, req: unknown): Promise<CallOutcome> {
  if (!isOperationName(op)) return { ok: false, status: 404, error: `Unknown operation ${String(op)}.` };
  if (req !== undefined && (req === null || typeof req !== 'object' || Array.isArray(req))) {
    return { ok: false, status: 400, error: `The request of ${op} must be an object.` };
  }
  try {
    return { ok: true, res: await (handlers[op] as (r: unknown) => Promise<unknown>)(req ?? {}) };
  } catch (e) {
    if (e instanceof PanelError) return { ok: false, status: e.status, error: e.message };
    return { ok: false, status: 500, error: `Internal error: ${(e as Error).message}` };
  }
}
