// Every limit that protects the server from a client that never finishes, never leaves or never
// stops guessing, with its default, in one place (docs/security.md explains each). The server
// takes them from ServerConfig.limits (tests and the bench lower or raise them).
import type { TapService } from '../tap/tap';
import { DEFAULT_THROTTLE, type ThrottlePolicy } from './sign-in-throttle';

/** The listeners that count connections. */
export type CappedService = Extract<TapService, 'NS' | 'SB' | 'HTTP'> | 'HTTPS';

export interface ServerLimits {
  /** TLS: the ClientHello, then the whole handshake, each within this long (both TLS engines). */
  tlsHandshakeMs: number;
  /** HTTP(S): a request's headers must have arrived this long after the connection was ready or the previous answer sent (also the keep-alive idle limit). */
  httpWaitForRequestMs: number;
  /** HTTP(S): from a request's headers to its answer having been sent (a slow body counts). */
  httpRequestMs: number;
  /** NS: a connection must be signed in within this long. */
  nsSignInMs: number;
  /** Connections one address may hold open on each listener. */
  perAddress: Record<CappedService, number>;
  /** Connections all addresses together may hold open on each listener. */
  total: Record<CappedService, number>;
  /** Password guessing on login2.srf, RST.srf and RST2.srf (server/limits/sign-in-throttle.ts). */
  signIn: ThrottlePolicy;
}

export const DEFAULT_LIMITS: ServerLimits = {
  tlsHandshakeMs: 10_000,
  httpWaitForRequestMs: 15_000,
  httpRequestMs: 30_000,
  nsSignInMs: 60_000,
  // One PC: one NS connection per signed-in client (a few for people testing several clients),
  // up to 50 switchboards per account, a handful of parallel HTTP(S) requests at sign-in.
  perAddress: { NS: 16, SB: 200, HTTP: 32, HTTPS: 32 },
  // Well above a household, well below what exhausts a Mac's descriptor limit with all ports busy.
  total: { NS: 1_000, SB: 4_000, HTTP: 256, HTTPS: 256 },
  signIn: DEFAULT_THROTTLE,
};

export function resolveLimits(overrides: Partial<ServerLimits> | undefined): ServerLimits {
  return {
    ...DEFAULT_LIMITS,
    ...overrides,
    perAddress: { ...DEFAULT_LIMITS.perAddress, ...overrides?.perAddress },
    total: { ...DEFAULT_LIMITS.total, ...overrides?.total },
    signIn: { ...DEFAULT_LIMITS.signIn, ...overrides?.signIn },
  };
}
