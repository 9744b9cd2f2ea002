// How P2P travels over the switchboard: a MSG (ack mode D) whose MIME body is the binary P2P
// message. P2P v1 names only the recipient; v2 (WLM 2009) names both ends with machine GUIDs.
//   MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: alice@x\r\n\r\n<binary>
//   MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Src: bob@x;{guid}\r\nP2P-Dest: alice@x;{guid}\r\n\r\n<binary>
// Source: msnpiki "P2P"; MSNPSharp 3.0 P2PHandler.cs (v2 recognised by "email;{guid}" in P2P-Dest).

export interface P2pAddress {
  email: string;
  /** The machine GUID with braces, "{…}", when the address carries one (P2P v2). */
  guid?: string;
}

/** "bob@x;{F0…}" -> { email: "bob@x", guid: "{F0…}" } */
export function parseP2pAddress(value: string | undefined): P2pAddress | undefined {
  const m = /^([^;\s]+)(?:;(\{[0-9A-Fa-f-]{36}\}))?$/.exec(value?.trim() ?? '');
  return m ? { email: m[1]!.toLowerCase(), guid: m[2] } : undefined;
}

export function formatP2pAddress(a: P2pAddress): string {
  return a.guid ? `${a.email};${a.guid}` : a.email;
}

/** The MSG payload carrying one binary P2P message from `src` to `dest`. */
export function p2pEnvelope(dest: P2pAddress, src: P2pAddress | undefined, binary: Buffer): Buffer {
  const srcLine = src && dest.guid ? `P2P-Src: ${formatP2pAddress(src)}\r\n` : '';
  const head = `MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\n${srcLine}P2P-Dest: ${formatP2pAddress(dest)}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), binary]);
}
