// The strict SOAP reader: what it builds, and what it refuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseXml, path, textAt, XmlMalformed, XmlRefused } from './xml';

test('builds a tree with prefixes stripped, attributes kept, text trimmed', () => {
  const doc = parseXml(
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="s"><soap:Body>' +
      '<a:Thing xsi:type="PassportMember" xmlns:a="x"><Id>\n 0\n</Id><T>a &amp; b &#65;&#x42; <![CDATA[<c>]]></T></a:Thing>' +
      '</soap:Body></soap:Envelope>',
  );
  assert.equal(doc.name, 'Envelope');
  const thing = path(doc, 'Body', 'Thing')!;
  assert.equal(thing.attrs['xsi:type'], 'PassportMember');
  assert.equal(textAt(thing, 'Id'), '0');
  assert.equal(textAt(thing, 'T'), 'a & b AB <c>');
  assert.equal(textAt(doc, 'body', 'thing', 'id'), '0', 'lookups ignore case');
});

test('refuses DOCTYPE / ENTITY declarations (XXE, billion laughs) before reading anything', () => {
  const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>';
  assert.throws(() => parseXml(xxe), XmlRefused);
  const lol = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><lolz>&lol2;</lolz>';
  assert.throws(() => parseXml(lol), XmlRefused);
  assert.throws(() => parseXml('<!doctype r><r/>'), XmlRefused);
});

test('refuses processing instructions other than the XML declaration', () => {
  assert.throws(() => parseXml('<?xml version="1.0"?><?xml-stylesheet href="http://x/"?><r/>'), XmlRefused);
  assert.throws(() => parseXml('<r><?php echo 1 ?></r>'), XmlRefused);
});

test('an undeclared entity is a malformed document, never a lookup', () => {
  assert.throws(() => parseXml('<r>&nbsp;</r>'), XmlMalformed);
  assert.throws(() => parseXml('<r>&xxe;</r>'), XmlMalformed);
});

test('broken documents are XmlMalformed', () => {
  for (const bad of ['', 'not xml', '<a><b></a>', '<a>', '<a/><b/>', '<a x="1" x="2"/>']) {
    assert.throws(() => parseXml(bad), XmlMalformed, JSON.stringify(bad));
  }
});

test('limits: depth, element count, size', () => {
  const deep = '<a>'.repeat(65) + '</a>'.repeat(65);
  assert.throws(() => parseXml(deep), XmlRefused);
  assert.doesNotThrow(() => parseXml('<a>'.repeat(64) + '</a>'.repeat(64)));
  assert.throws(() => parseXml(`<r>${'<x/>'.repeat(50)}</r>`, { maxChars: 1e6, maxDepth: 64, maxElements: 10 }), XmlRefused);
  assert.throws(() => parseXml(`<r>${' '.repeat(100)}</r>`, { maxChars: 50, maxDepth: 64, maxElements: 10 }), XmlRefused);
});
