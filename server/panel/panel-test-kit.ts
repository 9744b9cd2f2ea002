// Helpers for the panel API tests: JSON requests with or without the token, against a test server.
import type { Butterfly } from '../app';

export const TEST_TOKEN = 'test-token-123456';

export function apiClient(app: Butterfly, token = TEST_TOKEN) {
  return async function api(
    method: string,
    path: string,
    body?: unknown,
    opts: { token?: string | null; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: any }> {
    const t = opts.token === undefined ? token : opts.token;
    const res = await fetch(`http://127.0.0.1:${app.ports.panel}${path}`, {
      method,
      headers: {
        ...(t ? { Authorization: `Bearer ${t}` } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...opts.headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
}
