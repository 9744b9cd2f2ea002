// Delta syncs: which changes a FindMembership / ABFindAll / ABFindContactsPaged with
// deltasOnly=true and a lastChange should answer. Every change has a stamp (change_seq) and the
// time it was taken, to the microsecond, strictly increasing (ab-schema.ts). We send those times
// as lastChange/LastChange; a client echoes the newest one back, and gets the changes whose stamp
// came after it:
//   <lastChange>2026-11-20T22:48:38.4240010Z</lastChange>  ->  every change stamped after 22:48:38.424001
// A time we cannot place (garbage, older than our records, newer than our newest change — a cache
// from another server) gets FullSyncRequired, and the client asks again with deltasOnly=false.
import type { AbStore } from '../../store/ab-store';
import { soapFault, type SoapReply } from './envelope';

/** 0 means "everything" (a full answer, no deletions). */
export type DeltaWindow = { since: number } | { fault: SoapReply };

export function deltaWindow(store: AbStore, action: string, deltasOnly: boolean, lastChange: string | undefined): DeltaWindow {
  if (!deltasOnly) return { since: 0 };
  const t = lastChange === undefined ? 'never' : parseStampTime(lastChange);
  // A client that has nothing yet ("0001-01-01T00:00:00") is answered in full.
  if (t === 'never') return { since: 0 };
  const since = t === undefined ? undefined : store.seqAt(t);
  if (since === undefined) {
    return {
      fault: soapFault(
        'soap:Client',
        `Full sync required: ${action} lastChange ${JSON.stringify(lastChange)} is not a time this server handed out.`,
        'FullSyncRequired',
      ),
    };
  }
  return { since };
}

/**
 * A stamp's time as the services wrote timestamps: UTC, seven fractional digits (the last is
 * always 0: we keep microseconds).
 *   1795214918424001 µs  ->  2026-11-20T22:48:38.4240010Z
 */
export function stampTime(us: number): string {
  const ms = Math.floor(us / 1000);
  const micros = us - ms * 1000;
  return `${new Date(ms).toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}0Z`;
}

/**
 * Reads a timestamp back, in any offset a client may have rewritten it to, to the microsecond:
 * "2026-11-20T14:48:38.424001-08:00" is the same instant as our "…22:48:38.4240010Z". Dates
 * before 1970 (the services' "never", 0001-01-01…) are 'never'; anything else unreadable is undefined.
 */
export function parseStampTime(s: string): number | 'never' | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,7}))?(Z|[+-]\d\d:\d\d)?$/.exec(s.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, frac = '', zone = 'Z'] = m;
  if (Number(y) < 1970) return 'never';
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec));
  if (!Number.isFinite(base)) return undefined;
  const micros = Math.floor(Number(frac.padEnd(7, '0')) / 10);
  let offsetMin = 0;
  if (zone !== 'Z') offsetMin = (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return (base - offsetMin * 60_000) * 1000 + micros;
}
