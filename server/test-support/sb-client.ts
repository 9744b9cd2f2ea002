// Switchboard steps for tests, on top of signed-in NS clients: XFR SB then USR (open a session),
// RNG then ANS (join one), and building MSG payloads with exact byte lengths. Only the steps that
// every test repeats are asserted here; the transcripts assert the lines that matter to them.
import assert from 'node:assert/strict';
import { MsnpTestClient } from './msnp-client';

/** "XFR 10 SB 127.0.0.1:40123 CKI 123.456.789 …" -> port and cookie. */
export function parseXfr(line: string): { port: number; cookie: string } {
  const m = /^XFR \d+ SB [^:\s]+:(\d+) CKI (\S+)/.exec(line);
  assert.ok(m, `an XFR SB reply: ${line}`);
  return { port: Number(m[1]), cookie: m[2]! };
}

/** "RNG 1846392014 127.0.0.1:40123 CKI 123.456.789 alice@lan Alice …" -> session, port, cookie, caller. */
export function parseRng(line: string): { sessionId: string; port: number; cookie: string; caller: string } {
  const m = /^RNG (\d+) [^:\s]+:(\d+) CKI (\S+) (\S+)/.exec(line);
  assert.ok(m, `an RNG line: ${line}`);
  return { sessionId: m[1]!, port: Number(m[2]), cookie: m[3]!, caller: m[4]! };
}

/** XFR SB on the NS, connect, USR: returns the switchboard connection after "USR … OK". */
export async function openSwitchboard(
  ns: MsnpTestClient,
  o: { handle: string; trid?: number },
): Promise<{ sb: MsnpTestClient; xfr: string; usrOk: string }> {
  const trid = o.trid ?? 50;
  ns.send(`XFR ${trid} SB`);
  const xfr = (await ns.take(`XFR ${trid} `)).line;
  const { port, cookie } = parseXfr(xfr);
  const sb = await MsnpTestClient.connect(port);
  sb.send(`USR 1 ${o.handle} ${cookie}`);
  const usrOk = await sb.nextLine();
  assert.match(usrOk, /^USR 1 OK /);
  return { sb, xfr, usrOk };
}

/** Waits for RNG on the NS, connects and sends ANS; the replies (IRO…, ANS OK) are left to the test. */
export async function answerRing(
  ns: MsnpTestClient,
  o: { handle: string },
): Promise<{ sb: MsnpTestClient; rng: string; sessionId: string }> {
  const rng = (await ns.take('RNG ')).line;
  const { sessionId, port, cookie } = parseRng(rng);
  const sb = await MsnpTestClient.connect(port);
  sb.send(`ANS 1 ${o.handle} ${cookie} ${sessionId}`);
  return { sb, rng, sessionId };
}

/** A text message as Messenger writes one, with its font. */
export function textPayload(text: string, format = 'FN=Arial; EF=; CO=0; CS=0; PF=0'): string {
  return `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: ${format}\r\n\r\n${text}`;
}

/** "is typing". */
export function typingPayload(email: string): string {
  return `MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: ${email}\r\n\r\n\r\n`;
}

/** A nudge (datacast ID 1). */
export const NUDGE_PAYLOAD = 'MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 1\r\n\r\n';
