import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOG_LEGEND, formatLog, logFileName } from './export-log';
import type { ViewRecord } from './traffic-buffer';

test('the log starts with a legend and uses the screen\'s arrows; payloads indented; an HTTP exchange with its time', () => {
  const t = new Date(2026, 0, 2, 3, 4, 5, 6).getTime();
  const exchange: ViewRecord = {
    seq: 3, time: t, conn: 'http-2', service: 'HTTP', direction: 'in', command: 'GET', line: 'GET /rdr/pprdr.asp HTTP/1.1',
    response: { seq: 4, time: t + 5, conn: 'http-2', service: 'HTTP', direction: 'out', command: '200', line: 'HTTP/1.1 200 OK', durationMs: 4 },
  };
  const log = formatLog([
    { seq: 1, time: t, conn: 'ns-1', service: 'NS', direction: 'in', command: 'CHG', line: 'CHG 5 NLN 0', account: 'me@lan' },
    { seq: 2, time: t, conn: 'ns-1', service: 'NS', direction: 'out', command: 'UBX', line: 'UBX bot@lan 1 10', payload: '<Data>\r\n</Data>' },
    exchange,
  ]);
  assert.equal(
    log,
    `${LOG_LEGEND.join('\n')}\n` +
      '03:04:05.006 NS   ns-1      → CHG 5 NLN 0 (me@lan)\n' +
      '03:04:05.006 NS   ns-1      ← UBX bot@lan 1 10\n      <Data>\n      </Data>\n' +
      '03:04:05.006 HTTP http-2    → GET /rdr/pprdr.asp HTTP/1.1\n' +
      '03:04:05.011 HTTP http-2    ← HTTP/1.1 200 OK [4 ms]\n',
  );
  assert.match(LOG_LEGEND[1]!, /→ from a client .*← to a client .*• server note/);
  assert.equal(logFileName(new Date(2026, 0, 2, 3, 4, 5)), 'butterfly-traffic-20260102-030405.log');
});
