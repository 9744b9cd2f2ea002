// What a traffic line means, for the row's colour and tooltip and the detail pane: MSNP verbs and
// error codes from the one protocol dictionary; HTTP answers by their status; server notes that
// report a failure.
import { explainLine } from '../../../../server/msnp/dictionary';
import type { ViewRecord } from './traffic-buffer';

export interface Explanation {
  title: string;
  meaning: string;
  error: boolean;
}

const FAILURE_NOTE = /^error \d{3}\b|\b(HandshakeFailed|ConnectionError|refused|internal error|failed|alert|no handler)\b/i;

export function explain(r: ViewRecord): Explanation | undefined {
  if (r.service === 'NS' || r.service === 'SB') return r.direction === 'note' ? noteExplanation(r) : explainLine(r.service, r.line);
  if (r.service === 'HTTP' && r.direction !== 'note') {
    const status = Number(r.response?.command ?? (r.direction === 'out' ? r.command : NaN));
    if (!Number.isFinite(status)) return { title: 'HTTP request', meaning: 'Waiting for the answer (or the client went away first).', error: false };
    return httpStatus(status);
  }
  return noteExplanation(r);
}

export function isError(r: ViewRecord): boolean {
  return explain(r)?.error ?? false;
}

function noteExplanation(r: ViewRecord): Explanation | undefined {
  if (r.direction !== 'note' || !FAILURE_NOTE.test(r.line)) return undefined;
  return { title: 'Something failed', meaning: 'The server noted a failure on this connection; the line says what, and the payload (if any) has the details.', error: true };
}

function httpStatus(status: number): Explanation {
  if (status < 300) return { title: `HTTP ${status}`, meaning: 'Answered: the request succeeded.', error: false };
  if (status < 400) return { title: `HTTP ${status}`, meaning: 'Redirected: the client is sent to another address.', error: false };
  if (status === 401 || status === 403) {
    return { title: `HTTP ${status}`, meaning: 'Refused: the sign-in or ticket was not accepted (wrong password or unknown account).', error: true };
  }
  if (status < 500) return { title: `HTTP ${status}`, meaning: 'The client asked for something this server does not have or could not read.', error: true };
  return { title: `HTTP ${status}`, meaning: 'The server failed to answer; the server note beside it says why.', error: true };
}
