// Reading MSG headers: what kind of message it is, where its body starts; refusing what is not MIME.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyText, parseMessage, textMessage, typingMessage } from './message';

const kind = (s: string | Buffer) => parseMessage(Buffer.isBuffer(s) ? s : Buffer.from(s))?.kind;

test('message kinds by Content-Type (and datacast ID)', () => {
  assert.equal(kind(textMessage('hi')), 'text');
  assert.equal(kind(typingMessage('a@b')), 'typing');
  assert.equal(kind('MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 1\r\n\r\n'), 'nudge');
  assert.equal(kind('MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 2\r\nData: <msnobj/>\r\n\r\n'), 'wink');
  assert.equal(kind('MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 4\r\n\r\n'), 'datacast');
  assert.equal(kind('MIME-Version: 1.0\r\nContent-Type: text/x-clientcaps\r\n\r\nClient-Name: Mac 8\r\n'), 'caps');
  assert.equal(kind(Buffer.concat([Buffer.from('MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: a@b\r\n\r\n'), Buffer.from([0, 0xff, 0x80])])), 'p2p');
  assert.equal(kind('MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite; charset=UTF-8\r\n\r\nInvitation-Command: INVITE\r\n'), 'other');
});

test('the body of a text message, with its format header kept; no header block means no message', () => {
  const payload = Buffer.from(textMessage('Grüße ✓', 'FN=Arial; EF=; CO=0; CS=0; PF=0'));
  const msg = parseMessage(payload)!;
  assert.equal(msg.headers.get('x-mms-im-format'), 'FN=Arial; EF=; CO=0; CS=0; PF=0');
  assert.equal(bodyText(payload, msg), 'Grüße ✓');
  assert.equal(parseMessage(Buffer.from('MIME-Version: 1.0\r\nC')), undefined);
  assert.equal(parseMessage(Buffer.from('MIME-Version: 1.0\r\n\r\nno content type')), undefined);
});

test('the content type is found as reading every header would find it, whatever the header block', async () => {
  const fc = (await import('fast-check')).default;
  const name = fc.constantFrom('Content-Type', 'content-type', 'CONTENT-TYPE', ' Content-Type ', 'Content-Typo', 'X-Content-Type', 'MIME-Version', 'İ', '');
  const value = fc.constantFrom('text/plain; charset=UTF-8', ' text/x-msmsgscontrol ', 'application/x-msnmsgrp2p', 'a: b', '', 'İx');
  const line = fc.oneof(fc.tuple(name, value).map(([n, v]) => `${n}:${v}`), fc.string({ maxLength: 20 }).filter((t) => !/[\r\n]/.test(t)));
  fc.assert(
    fc.property(fc.array(line, { maxLength: 6 }), fc.constantFrom('\r\n', '\n'), (lines, eol) => {
      const head = lines.join(eol);
      if (head.includes('\n\n') || head.includes('\r\n\r\n')) return;
      const payload = Buffer.from(`${head}${eol}${eol}body`);
      const parsed = parseMessage(payload);
      const type = parsed ? parsed.headers.get('content-type') : undefined;
      const expected = [...head.split(/\r?\n/)].reduce<string | undefined>((v, raw) => {
        const colon = raw.indexOf(':');
        return colon > 0 && raw.slice(0, colon).trim().toLowerCase() === 'content-type' ? raw.slice(colon + 1).trim() : v;
      }, undefined);
      if (!expected) assert.equal(parsed, undefined);
      else {
        assert.equal(type, expected);
        assert.equal(parsed!.contentType, expected.split(';')[0]!.trim().toLowerCase());
      }
    }),
    { numRuns: 2000 },
  );
});
