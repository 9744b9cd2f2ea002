import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLog, logFileName } from './export-log';

test('the log has one line per record with its direction, and payloads indented beneath', () => {
  const t = new Date(2026, 0, 2, 3, 4, 5, 6).getTime();
  const log = formatLog([
    { seq: 1, time: t, conn: 'ns-1', service: 'NS', direction: 'in', command: 'CHG', line: 'CHG 5 NLN 0', account: 'me@lan' },
    { seq: 2, time: t, conn: 'ns-1', service: 'NS', direction: 'out', command: 'UBX', line: 'UBX bot@lan 1 10', payload: '<Data>\r\n</Data>' },
  ]);
  assert.equal(
    log,
    '03:04:05.006 NS   ns-1      <- CHG 5 NLN 0 (me@lan)\n' +
      '03:04:05.006 NS   ns-1      -> UBX bot@lan 1 10\n      <Data>\n      </Data>\n',
  );
  assert.equal(logFileName(new Date(2026, 0, 2, 3, 4, 5)), 'butterfly-traffic-20260102-030405.log');
});
