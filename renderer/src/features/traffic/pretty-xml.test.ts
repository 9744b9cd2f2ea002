import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPayload, looksLikeXml, prettyXml } from './pretty-xml';

test('XML is indented by nesting; text-only and empty elements stay on one line', () => {
  assert.equal(
    prettyXml('<?xml version="1.0"?><soap:Envelope><soap:Body><ABFindAll a="1"><abId>0</abId><x/><y></y></ABFindAll></soap:Body></soap:Envelope>'),
    [
      '<?xml version="1.0"?>',
      '<soap:Envelope>',
      '  <soap:Body>',
      '    <ABFindAll a="1">',
      '      <abId>0</abId>',
      '      <x/>',
      '      <y></y>',
      '    </ABFindAll>',
      '  </soap:Body>',
      '</soap:Envelope>',
    ].join('\n'),
  );
  assert.equal(prettyXml('<Data><PSM>Beep boop</PSM><CurrentMedia></CurrentMedia></Data>'), '<Data>\n  <PSM>Beep boop</PSM>\n  <CurrentMedia></CurrentMedia>\n</Data>');
});

test('a head before an XML body is kept; other payloads are left alone', () => {
  const http = 'Content-Type: text/xml\nContent-Length: 20\n\n<a><b>1</b></a>';
  assert.deepEqual(formatPayload(http), { head: 'Content-Type: text/xml\nContent-Length: 20', body: '<a>\n  <b>1</b>\n</a>', xml: true });
  const mime = 'MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhello <there>';
  assert.deepEqual(formatPayload(mime), { body: mime, xml: false });
  assert.equal(looksLikeXml('a < b > c'), false);
  assert.equal(looksLikeXml('  <ml l="1"><d n="lan"></d></ml>'), true);
});
