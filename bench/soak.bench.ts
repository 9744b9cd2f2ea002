// Soak (npm run bench -- soak): many scripted clients of mixed dialects (MSNP8, 9, 13, 15, 16) sign
// in and then, for a while, chat in pairs over the switchboard, change presence, and add and remove
// a contact, as people do. It proves every message is delivered exactly once, no answer is a
// server error (5xx, or an "internal error" in the traffic tap), and memory returns to its
// baseline when everyone has left. SOAK_CLIENTS (default 2000) and SOAK_SECONDS (default 300) size it.
import { performance } from 'node:perf_hooks';
import { startTestServer } from '../server/test-support/test-server';
import { signInClient } from '../server/test-support/mac-client';
import { answerRing, openSwitchboard, textPayload } from '../server/test-support/sb-client';
import type { MsnpTestClient } from '../server/test-support/msnp-client';
import { hashPassword } from '../server/core/passwords';
import { List } from '../server/core/model';
import { DEFAULT_THROTTLE } from '../server/limits/sign-in-throttle';

export const name = 'soak';

const DIALECTS = ['MSNP8', 'MSNP9', 'MSNP13', 'MSNP15', 'MSNP16'] as const;
const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Member {
  i: number;
  email: string;
  version: (typeof DIALECTS)[number];
  ns?: MsnpTestClient;
  sb?: MsnpTestClient;
  pinger?: NodeJS.Timeout;
  trid: number;
}

function memory() {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rssMB: mb(m.rss), heapMB: mb(m.heapUsed) };
}

/** Reads everything a client receives until it closes, so nothing piles up; `onLine` sees each command. */
function drain(c: MsnpTestClient, onLine: (line: string, payload?: string) => void): void {
  void (async () => {
    for (;;) {
      try {
        const r = await c.next(3_600_000);
        onLine(r.line, r.payload);
        if (c.all.length > 100) c.all.length = 0;
      } catch {
        return;
      }
    }
  })();
}

export async function run(): Promise<Record<string, unknown>> {
  const clients = Math.max(2, Math.floor(Number(process.env.SOAK_CLIENTS ?? 2000) / 2) * 2);
  const seconds = Number(process.env.SOAK_SECONDS ?? 300);
  const room = clients + 100;
  const app = await startTestServer({
    limits: {
      perAddress: { NS: room, SB: room * 2, HTTP: 1024, HTTPS: 64 },
      total: { NS: room, SB: room * 2, HTTP: 1024, HTTPS: 256 },
      signIn: { ...DEFAULT_THROTTLE, maxInFlightPerAddress: 64 },
    },
  });
  const serverErrors: string[] = [];
  const unsubscribe = app.tap.subscribe((r) => {
    if ((r.direction === 'out' && /^5\d\d /.test(r.line)) || (r.direction === 'note' && /internal error/i.test(r.line))) {
      if (serverErrors.length < 20) serverErrors.push(`${r.conn} ${r.line}`);
      else serverErrors.push('…');
    }
  });
  // One scrypt hash for everyone: hashing 2,000 passwords would only measure scrypt.
  const hash = await hashPassword('pw');
  const members: Member[] = [];
  for (let i = 0; i < clients; i++) {
    const email = `user${i}@soak`;
    app.core.users.create(email, hash, `User ${i}`);
    members.push({ i, email, version: DIALECTS[Math.floor(i / 2) % DIALECTS.length]!, trid: 100 });
  }
  for (let i = 0; i < clients; i += 2) {
    const [a, b] = [app.core.users.byEmail(members[i]!.email)!.id, app.core.users.byEmail(members[i + 1]!.email)!.id];
    app.core.directory.addToLists(a, b, List.FL | List.AL);
    app.core.directory.addToLists(b, a, List.FL | List.AL);
  }
  const baseline = memory();

  const counts = { messages: 0, presence: 0, contactAdds: 0, contactRemoves: 0, pings: 0 };
  // Sign in, 25 at a time; on a busy machine a sign-in that times out is tried again (and counted).
  const t0 = performance.now();
  let signInRetries = 0;
  for (let k = 0; k < clients; k += 25) {
    await Promise.all(
      members.slice(k, k + 25).map(async (m) => {
        for (let attempt = 1; ; attempt++) {
          try {
            m.ns = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: m.email, password: 'pw', version: m.version });
            // Real clients ping about every 50 s from sign-in on; without it the NS's 180 s idle
            // limit would close the first clients while the last ones are still signing in.
            const ns = m.ns;
            m.pinger = setInterval(() => {
              ns.send('PNG');
              counts.pings++;
            }, 45_000);
            return;
          } catch (e) {
            if (attempt >= 3) throw e;
            signInRetries++;
          }
        }
      }),
    );
  }
  const signInSeconds = (performance.now() - t0) / 1000;

  // Each pair opens its conversation: the even member calls, the odd one answers the ring.
  const received = new Map<string, number>();
  const sent: string[] = [];
  const refusals: Record<string, number> = {};
  for (let k = 0; k < clients; k += 100) {
    await Promise.all(
      members.slice(k, k + 100).filter((m) => m.i % 2 === 0).map(async (m) => {
        const partner = members[m.i + 1]!;
        const { sb } = await openSwitchboard(m.ns!, { handle: m.email, trid: 50 });
        sb.send(`CAL 2 ${partner.email}`);
        await sb.until('CAL 2 RINGING');
        const answered = await answerRing(partner.ns!, { handle: partner.email });
        await answered.sb.until('ANS 1 OK');
        await sb.until('JOI ');
        m.sb = sb;
        partner.sb = answered.sb;
      }),
    );
  }
  for (const m of members) {
    drain(m.sb!, (line, payload) => {
      if (!line.startsWith('MSG ') || !payload) return;
      const id = /soak (\d+ \d+)$/.exec(payload)?.[1];
      if (id) received.set(id, (received.get(id) ?? 0) + 1);
    });
    drain(m.ns!, (line) => {
      const code = /^(\d{3}) /.exec(line)?.[1];
      if (code) refusals[code] = (refusals[code] ?? 0) + 1;
    });
  }
  const live = memory();

  // The soak itself: every client acts every 1–3 s until the time is up.
  const deadline = Date.now() + seconds * 1000;
  const statuses = ['BSY', 'AWY', 'NLN', 'BRB'];
  await Promise.all(
    members.map(async (m) => {
      let seq = 0;
      let floaterAdded = false;
      const floater = members[(m.i + 2) % clients]!;
      await sleep(Math.random() * 2000);
      while (Date.now() < deadline) {
        const roll = Math.random();
        const trid = m.trid++;
        if (roll < 0.6) {
          const id = `${m.i} ${seq++}`;
          sent.push(id);
          m.sb!.sendPayload(`MSG ${trid} N`, textPayload(`soak ${id}`));
          counts.messages++;
        } else if (roll < 0.8) {
          const caps = m.version === 'MSNP16' ? '1085276192:131088' : '1085276192';
          m.ns!.send(`CHG ${trid} ${statuses[trid % statuses.length]} ${caps}`);
          counts.presence++;
        } else {
          const legacy = m.version === 'MSNP8' || m.version === 'MSNP9';
          const [user] = floater.email.split('@');
          const ml = `<ml><d n="soak"><c n="${user}" l="1" t="1" /></d></ml>`;
          if (!floaterAdded) {
            if (legacy) m.ns!.send(`ADD ${trid} FL ${floater.email} ${floater.email}`);
            else m.ns!.sendPayload(`ADL ${trid}`, ml);
            counts.contactAdds++;
          } else {
            if (legacy) m.ns!.send(`REM ${trid} FL ${floater.email}`);
            else m.ns!.sendPayload(`RML ${trid}`, ml);
            counts.contactRemoves++;
          }
          floaterAdded = !floaterAdded;
        }
        await sleep(1000 + Math.random() * 2000);
      }
    }),
  );
  await sleep(3000); // messages still in flight
  const peak = memory();

  let delivered = 0;
  let duplicated = 0;
  let lost = 0;
  for (const id of sent) {
    const n = received.get(id) ?? 0;
    if (n === 1) delivered++;
    else if (n === 0) lost++;
    else duplicated++;
  }

  // Everyone leaves; the server must let go of all of it.
  for (const m of members) {
    clearInterval(m.pinger);
    m.sb?.send('OUT');
    m.ns?.send('OUT');
  }
  await sleep(2000);
  for (const m of members) {
    m.sb?.close();
    m.ns?.close();
    m.sb = undefined;
    m.ns = undefined;
  }
  await sleep(2000);
  const serverAfter = { nsSessions: app.ns.sessions.size, ...app.sb.switchboards.stats(), nsConnections: app.caps.NS.figures().open, sbConnections: app.caps.SB.figures().open };
  sent.length = 0;
  received.clear();
  await sleep(500);
  const after = memory();
  // The traffic tap keeps the newest records by design (a ring of fixed size): what it holds is
  // part of "after" but not left behind by the clients.
  const tapMB = mb(app.tap.recent().reduce((n, r) => n + 2 * (r.line.length + (r.payload?.length ?? 0)) + 200, 0));
  unsubscribe();
  await app.cleanup();

  return {
    clients,
    seconds,
    dialects: DIALECTS,
    signInSeconds: Number(signInSeconds.toFixed(1)),
    signInRetries,
    actions: counts,
    messages: { sent: counts.messages, deliveredExactlyOnce: delivered, lost, duplicated },
    serverErrors: serverErrors.length,
    serverErrorSamples: serverErrors.slice(0, 5),
    protocolRefusals: refusals,
    memory: { baseline, allSignedIn: live, endOfSoak: peak, afterAllLeft: after, trafficTapRingMB: tapMB },
    serverAfterAllLeft: serverAfter,
  };
}
