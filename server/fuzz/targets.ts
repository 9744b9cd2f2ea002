// What the property tests (short, in npm test) and `npm run fuzz` (long) throw at the parsers that
// read bytes from the network: each target has an input generator and a check that throws when an
// invariant breaks. A target may refuse input only in its documented way (a FramingError, XmlRefused
// or XmlMalformed, TlsFatal, a FORMERR reply); any other exception is a crash.
import fc from 'fast-check';
import dnsPacket from 'dns-packet';
import { encodeCommand, isFramingError, MsnpParser, type MsnpCommand } from '../msnp/codec';
import { parseXml, XmlMalformed, XmlRefused, type XmlElement } from '../xml/xml';
import { RecordReader } from '../tls/record-layer';
import { TlsFatal } from '../tls/tls-alerts';
import { parseClientHello } from '../tls/client-hello';
import { buildTlsHello } from '../tls/test-hellos';
import { decide } from '../dns/dns-answer';

export interface FuzzTarget<T> {
  name: string;
  input: fc.Arbitrary<T>;
  check(input: T): void;
}

/** Splits `bytes` at the given (unsorted, possibly repeated) offsets. */
function chunked(bytes: Uint8Array, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const c of at) {
    out.push(Buffer.from(bytes.subarray(from, c)));
    from = c;
  }
  out.push(Buffer.from(bytes.subarray(from)));
  return out;
}

// ---- MSNP framing -------------------------------------------------------------------------
const VERBS = ['VER', 'CVR', 'USR', 'MSG', 'UUX', 'ADL', 'RML', 'CHG', 'PNG', 'QRY', 'XFR', 'CAL', 'ANS', 'OUT', 'SYN', 'ZZZ'];
const word = fc.stringMatching(/^[!-~]{1,12}$/);
const msnpish = fc
  .record({
    verb: fc.constantFrom(...VERBS),
    args: fc.array(word, { maxLength: 5 }),
    payload: fc.uint8Array({ maxLength: 300 }),
    lie: fc.integer({ min: -5, max: 5 }),
    eol: fc.constantFrom('\r\n', '\n', '\r', ''),
  })
  .map(({ verb, args, payload, lie, eol }) => {
    const len = Math.max(0, payload.length + lie);
    return Buffer.concat([Buffer.from(`${verb} ${args.join(' ')} ${len}${eol}`), Buffer.from(payload)]);
  });
const msnpStream = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  fc.array(msnpish, { maxLength: 6 }).map((parts) => new Uint8Array(Buffer.concat(parts))),
);

function normalize(items: ReturnType<MsnpParser['push']>): unknown[] {
  return items.map((i) => (isFramingError(i) ? { error: i.kind } : { line: i.line, payload: i.payload?.toString('hex') }));
}

export const msnpCodec: FuzzTarget<{ bytes: Uint8Array; cuts: number[] }> = {
  name: 'MSNP codec (any bytes, any split)',
  input: fc.record({ bytes: msnpStream, cuts: fc.array(fc.nat(), { maxLength: 8 }) }),
  check({ bytes, cuts }) {
    const limits = { maxLineBytes: 256, maxPayloadBytes: 200 };
    const whole = normalize(new MsnpParser(limits).push(Buffer.from(bytes)));
    const split = new MsnpParser(limits);
    const pieces: ReturnType<MsnpParser['push']> = [];
    for (const c of chunked(bytes, cuts)) {
      const got = split.push(c);
      pieces.push(...got);
      if (got.some(isFramingError)) break; // the caller closes at the first framing error
    }
    const a = JSON.stringify(whole);
    const b = JSON.stringify(normalize(pieces));
    if (a !== b) throw new Error(`split input parsed differently:\n whole ${a}\n split ${b}`);
    if (split.buffered > limits.maxLineBytes + limits.maxPayloadBytes + 2) throw new Error(`parser holds ${split.buffered} bytes, over its limits`);
  },
};

export const msnpRoundTrip: FuzzTarget<{ verb: string; args: string[]; payload?: Uint8Array }> = {
  name: 'MSNP encode → parse round trip',
  input: fc.record(
    { verb: fc.constantFrom('MSG', 'UUX', 'ADL', 'CHG', 'VER', 'PNG'), args: fc.array(word, { minLength: 1, maxLength: 4 }), payload: fc.uint8Array({ maxLength: 500 }) },
    { requiredKeys: ['verb', 'args'] },
  ),
  check({ verb, args, payload }) {
    const withPayload = ['MSG', 'UUX', 'ADL'].includes(verb);
    const body = withPayload ? Buffer.from(payload ?? []) : undefined;
    const line = `${verb} ${args.join(' ')}${withPayload ? ` ${body!.length}` : ''}`;
    const out = new MsnpParser({ maxLineBytes: 8192, maxPayloadBytes: 4096 }).push(encodeCommand(line, body));
    const cmd = out[0] as MsnpCommand | undefined;
    if (out.length !== 1 || !cmd || isFramingError(cmd)) throw new Error(`"${line}" did not come back as one command`);
    if (cmd.line !== line || (withPayload && !cmd.payload?.equals(body!))) throw new Error(`"${line}" came back changed`);
  },
};

// ---- XML reader ---------------------------------------------------------------------------
const XML_BITS = ['<', '>', '</', '/>', '<a>', '</a>', '<soap:Body>', '</soap:Body>', '&amp;', '&lt;', '&#x41;', '&#0;', '&xxe;', '<![CDATA[', ']]>',
  '<!--', '-->', '<?xml version="1.0"?>', '<?pi x?>', '<!DOCTYPE a>', '<!ENTITY x "y">', ' a="1"', " b='&quot;'", '="', 'x', ' ', '\u0000', '\uFFFE', '\uD800'];
const xmlish = fc.oneof(fc.string({ maxLength: 200 }), fc.array(fc.constantFrom(...XML_BITS), { maxLength: 40 }).map((p) => p.join('')));

export const xmlReader: FuzzTarget<string> = {
  name: 'XML reader (any text)',
  input: xmlish,
  check(text) {
    try {
      parseXml(text, { maxChars: 4096, maxDepth: 16, maxElements: 200 });
    } catch (e) {
      if (!(e instanceof XmlRefused) && !(e instanceof XmlMalformed)) throw e;
    }
  },
};

type Tree = { name: string; text: string; children: Tree[] };
const xmlName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/);
// XML turns \r into \n, so none is generated; the reader trims, so the text is trimmed.
const xmlText = fc.string({ maxLength: 20 }).map((s) => s.replace(/[^\t\n\u0020-\uD7FF\uE000-\uFFFD]/g, '').trim());
const treeAt = (depth: number): fc.Arbitrary<Tree> =>
  fc.record({ name: xmlName, text: xmlText, children: depth === 0 ? fc.constant([]) : fc.array(treeAt(depth - 1), { maxLength: 3 }) });
const treeArb = treeAt(4);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const serialize = (t: Tree): string => `<${t.name}>${esc(t.text)}${t.children.map(serialize).join('')}</${t.name}>`;
const shape = (e: XmlElement): Tree => ({ name: e.name, text: e.text, children: e.children.map(shape) });

export const xmlRoundTrip: FuzzTarget<Tree> = {
  name: 'XML reader round trip (well-formed trees)',
  input: treeArb,
  check(tree) {
    const back = JSON.stringify(shape(parseXml(serialize(tree))));
    if (back !== JSON.stringify(tree)) throw new Error(`tree changed:\n sent ${JSON.stringify(tree)}\n read ${back}`);
  },
};

// ---- TLS ----------------------------------------------------------------------------------
const tlsish = fc.oneof(
  fc.uint8Array({ maxLength: 400 }),
  fc.record({ type: fc.integer({ min: 19, max: 24 }), minor: fc.integer({ min: 0, max: 4 }), body: fc.uint8Array({ maxLength: 200 }), lie: fc.integer({ min: -3, max: 3 }) }).map(
    ({ type, minor, body, lie }) => {
      const head = Buffer.from([type, 3, minor, 0, 0]);
      head.writeUInt16BE(Math.max(0, body.length + lie), 3);
      return new Uint8Array(Buffer.concat([head, Buffer.from(body)]));
    },
  ),
);

export const tlsRecords: FuzzTarget<{ bytes: Uint8Array; cuts: number[] }> = {
  name: 'TLS record parser (any bytes, any split)',
  input: fc.record({ bytes: tlsish, cuts: fc.array(fc.nat(), { maxLength: 6 }) }),
  check({ bytes, cuts }) {
    const drain = (chunks: Buffer[]) => {
      const r = new RecordReader();
      const out: string[] = [];
      try {
        for (const c of chunks) {
          r.push(c);
          for (let rec = r.next(); rec; rec = r.next()) out.push(`${rec.type}/${rec.version}/${rec.fragment.toString('hex')}`);
        }
      } catch (e) {
        if (!(e instanceof TlsFatal)) throw e;
        out.push(`fatal ${e.alert}`);
      }
      return out.join('|');
    };
    const whole = drain([Buffer.from(bytes)]);
    const split = drain(chunked(bytes, cuts));
    if (whole !== split) throw new Error(`split records differ:\n ${whole}\n ${split}`);
  },
};

export const clientHello: FuzzTarget<{ bytes: Uint8Array; flips: number[] }> = {
  name: 'TLS ClientHello parser (mutated hellos)',
  input: fc.record({
    bytes: fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.constant(new Uint8Array(buildTlsHello({ suites: [0x000a, 0x002f], serverName: 'nexus.passport.com' })))),
    flips: fc.array(fc.nat(), { maxLength: 6 }),
  }),
  check({ bytes, flips }) {
    const b = Buffer.from(bytes);
    for (const f of flips) if (b.length) b[f % b.length] = (b[f % b.length]! + 1 + (f % 255)) & 0xff;
    const r = parseClientHello(b.subarray(0, flips.length ? b.length - (flips[0]! % 3) : b.length));
    if (!('incomplete' in r) && !('error' in r) && !('cipherSuites' in r)) throw new Error('parseClientHello answered nothing');
  },
};

// ---- DNS ----------------------------------------------------------------------------------
const dnsish = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc
    .record({ name: fc.stringMatching(/^[a-z0-9-]{1,10}(\.[a-z0-9-]{1,10}){0,3}$/), type: fc.constantFrom('A', 'AAAA', 'MX', 'TXT', 'ANY') as fc.Arbitrary<'A'>, flips: fc.array(fc.nat(), { maxLength: 4 }) })
    .map(({ name, type, flips }) => {
      const b = dnsPacket.encode({ type: 'query', id: 42, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] });
      for (const f of flips) b[f % b.length] ^= 1 << (f % 8);
      return new Uint8Array(b);
    }),
);

export const dnsParser: FuzzTarget<Uint8Array> = {
  name: 'DNS query parser (any bytes)',
  input: dnsish,
  check(bytes) {
    const raw = Buffer.from(bytes);
    const d = decide(raw, { address: '192.168.1.20', isolated: false });
    if (d.kind === 'reply') {
      if (d.response.length < 12 || d.response.readUInt16BE(0) !== raw.readUInt16BE(0)) throw new Error('a reply that does not answer the query id');
      if (!(d.response[2]! & 0x80)) throw new Error('a reply without the QR bit');
    }
  },
};

/** Every in-process target, for the property tests and the fuzzer. */
export const PARSER_TARGETS: FuzzTarget<never>[] = [msnpCodec, msnpRoundTrip, xmlReader, xmlRoundTrip, tlsRecords, clientHello, dnsParser] as FuzzTarget<never>[];
