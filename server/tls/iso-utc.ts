// The same text as Date.prototype.toISOString, from integer arithmetic. V8 reads ICU's time zone
// data (~0.9 MB of the binary's pages) the first time any Date is broken into fields, even in UTC,
// and the certificate check writes its meta.json timestamps at every start: with this an idle
// server never needs that data (docs/performance.md, "Idle and after leaving, third pass").
// Days to civil date: Howard Hinnant's algorithm (proleptic Gregorian, years 0000-9999 here).

const DAY_MS = 86_400_000;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** `new Date(ms).toISOString()`, e.g. 1796214153000 -> "2026-12-02T11:42:33.000Z". */
export function isoUtc(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(rest - s * 1000, 3)}Z`;
}
