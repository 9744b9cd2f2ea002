// Reads a request body with a size cap. Nothing the clients send comes near it (the biggest
// are SOAP requests of a few KiB), so anything larger is refused with 413 and the connection closed.
import type http from 'node:http';

export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * After deciding to refuse, keep reading (and throwing away) up to this much more, so the
 * 413 reaches a client that is still sending instead of being lost to a TCP reset; then give up.
 */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;
const DRAIN_LIMIT_MS = 5000;

export type BodyResult =
  | { kind: 'ok'; body: Buffer }
  /** Over the cap; `head` is the start of what arrived (for the tap). */
  | { kind: 'too-large'; head: Buffer; drained: boolean }
  /** The client went away or the stream failed; there is nobody to answer. */
  | { kind: 'aborted' };

export function readBody(req: http.IncomingMessage, cap = MAX_BODY_BYTES): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let seen = 0;
    let over = false;
    let done = false;
    let timer: NodeJS.Timeout | undefined;

    const finish = (r: BodyResult) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onError);
      resolve(r);
    };
    const refuse = (drained: boolean) => finish({ kind: 'too-large', head: Buffer.concat(chunks), drained });
    const startRefusing = () => {
      over = true;
      timer = setTimeout(() => refuse(false), DRAIN_LIMIT_MS);
      timer.unref?.();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (over) {
        if (seen > cap + DRAIN_LIMIT_BYTES) refuse(false);
        return;
      }
      if (size + chunk.length > cap) {
        chunks.push(chunk.subarray(0, cap - size));
        size = cap;
        startRefusing();
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    };
    const onEnd = () => (over ? refuse(true) : finish({ kind: 'ok', body: Buffer.concat(chunks) }));
    const onError = () => finish({ kind: 'aborted' });

    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onError);

    // A declared length over the cap is refused without buffering any of it.
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > cap) startRefusing();
  });
}
