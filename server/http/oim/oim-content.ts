// The MIME text inside Store2's <Content>: headers, a blank line, the message in base64.
//   MIME-Version: 1.0
//   Content-Type: text/plain; charset=UTF-8
//   Content-Transfer-Encoding: base64
//   X-OIM-Message-Type: OfflineMessage
//   X-OIM-Run-Id: {3A3BE82D-1E25-4D4E-8C59-7B7A4D2EDB0B}
//   X-OIM-Sequence-Num: 1
//
//   aGVsbG8=
// (fact sheet §10.3; ESC handle_oim checks the same headers.) Anything else is "InvalidContent".

export type ContentResult =
  | { ok: true; text: string; runId: string; seq: number }
  | { ok: false; why: string };

const GUID = /^\{?([0-9A-Fa-f]{8}-(?:[0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12})\}?$/;

export function readOimContent(content: string, messageNumber: number): ContentResult {
  const normal = content.replace(/\r\n/g, '\n').replace(/^\n+/, '');
  const split = normal.indexOf('\n\n');
  if (split < 0) return { ok: false, why: 'Content has no blank line between the MIME headers and the message' };
  const headers = new Map<string, string>();
  for (const line of normal.slice(0, split).split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return { ok: false, why: `"${line.slice(0, 60)}" is not a MIME header` };
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  if (headers.get('mime-version') !== '1.0') return { ok: false, why: 'MIME-Version must be 1.0' };
  if (!headers.get('content-type')?.toLowerCase().startsWith('text/plain')) return { ok: false, why: 'Content-Type must be text/plain' };
  if (headers.get('content-transfer-encoding')?.toLowerCase() !== 'base64') return { ok: false, why: 'Content-Transfer-Encoding must be base64' };
  if (headers.get('x-oim-message-type') !== 'OfflineMessage') return { ok: false, why: 'X-OIM-Message-Type must be OfflineMessage' };
  const run = GUID.exec(headers.get('x-oim-run-id') ?? '');
  if (!run) return { ok: false, why: 'X-OIM-Run-Id must be a GUID' };
  const seq = headers.get('x-oim-sequence-num');
  if (seq !== String(messageNumber)) {
    return { ok: false, why: `X-OIM-Sequence-Num (${seq ?? 'none'}) differs from the Sequence MessageNumber (${messageNumber})` };
  }
  const b64 = normal.slice(split + 2).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return { ok: false, why: 'the message is not valid base64' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(b64, 'base64'));
  } catch {
    return { ok: false, why: 'the message is not UTF-8 text' };
  }
  return { ok: true, text, runId: run[1]!.toUpperCase(), seq: messageNumber };
}

/** "=?utf-8?B?QWxpY2U=?=" → "Alice"; plain text passes through; undefined when it cannot be read. */
export function decodeEncodedWord(s: string): string | undefined {
  const m = /^=\?([^?]+)\?([BbQq])\?([^?]*)\?=$/.exec(s.trim());
  if (!m) return s.trim();
  try {
    if (m[2]!.toUpperCase() === 'B') return new TextDecoder(m[1]!.toLowerCase(), { fatal: true }).decode(Buffer.from(m[3]!, 'base64'));
    const bytes = m[3]!.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return new TextDecoder(m[1]!.toLowerCase(), { fatal: true }).decode(Buffer.from(bytes, 'latin1'));
  } catch {
    return undefined;
  }
}
