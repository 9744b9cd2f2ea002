// The server speaks for panel-driven contacts as a P2P peer (display pictures). Dialects that address
// P2P to machines (WLM 2009's P2P v2: "online@local;{GUID}") need a machine GUID for that peer; this
// is it: derived from the address, so it is the same after a restart and on every watcher's list.
import { createHash } from 'node:crypto';

/** "online@local" -> "3f1c…-…" (lower case, no braces, the form endpoints keep machine GUIDs in). */
export function panelPeerGuid(email: string): string {
  const h = createHash('sha1').update(`butterfly panel peer ${email.toLowerCase()}`).digest();
  // A name-based UUID (version 5, RFC 4122 variant), so clients that check the form accept it.
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
