// Sign-in for MSN Messenger 1.0–4.7 and Windows Messenger 4.x (MSNP2–7). Those clients prove the
// password as MD5(salt + password) for a salt the server picks at each sign-in:
//   S: USR 3 MD5 S 1013928519.693957190      C: USR 4 MD5 S 5f4dcc3b5aa765d61d8327deb882cf99
// (NINA-G msnp-wiki msnp5.md/msnp6.md examples; Escargot msnp_ns.py). To check that answer the server has to know the
// password itself: a scrypt hash cannot help. So it is a per-account choice, off by default, and
// the password is kept only while the choice is on, sealed with AES-256-GCM under a key that lives
// in the data folder (md5-signin.key), not in the database. The database alone reveals nothing;
// the database together with that key file reveals this one password. A fresh salt per sign-in
// means a sniffed answer cannot be replayed (a fixed salt with a stored MD5 would allow that).
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import type { Md5SecretStore } from '../store/md5-secret-store';

export const MD5_KEY_FILE = 'md5-signin.key';

/** What a sign-in answer turned out to be. */
export type Md5Verdict = 'ok' | 'wrong' | 'not-allowed';

export class Md5SignIn {
  constructor(
    private readonly store: Md5SecretStore,
    private readonly key: Buffer,
  ) {}

  /** Turns "allow MSN Messenger 1.0–4.7" on: the (already verified) password is sealed and kept. */
  allow(userId: number, password: string): void {
    this.store.put(userId, seal(this.key, userId, password));
  }

  /** Turns it off: the sealed password is deleted. */
  forbid(userId: number): void {
    this.store.delete(userId);
  }

  allowed(userId: number): boolean {
    return this.store.get(userId) !== undefined;
  }

  /** A new password replaces the sealed one, so the choice survives a password change. */
  passwordChanged(userId: number, password: string): void {
    if (this.allowed(userId)) this.allow(userId, password);
  }

  /**
   * Checks "USR t MD5 S <answer>" against the salt this connection was sent. This is the one place
   * an MD5 answer is judged: a sign-in throttle belongs in front of this call.
   */
  check(userId: number, salt: string, answer: string): Md5Verdict {
    const sealed = this.store.get(userId);
    if (sealed === undefined) return 'not-allowed';
    const password = open(this.key, userId, sealed);
    if (password === undefined || !/^[0-9a-fA-F]{32}$/.test(answer)) return 'wrong';
    const given = Buffer.from(answer.toLowerCase(), 'hex');
    // Clients hash the bytes they have: UTF-8 on later Windows, the ANSI code page (Latin-1 for
    // Western Europe) on Windows 9x. Both are tried so a password with "é" works from either.
    const candidates = new Set([md5(salt, Buffer.from(password, 'utf8')), md5(salt, Buffer.from(password, 'latin1'))]);
    let ok = false;
    for (const c of candidates) ok = timingSafeEqual(c, given) || ok;
    return ok ? 'ok' : 'wrong';
  }
}

/** A salt shaped like the real server's: "<unix seconds>.<nine digits>". */
export function newMd5Salt(): string {
  return `${Math.floor(Date.now() / 1000)}.${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
}

/** The answer a client computes: lower-case hex MD5 of the salt followed by the password. */
export function md5Answer(salt: string, password: string): string {
  return md5(salt, Buffer.from(password, 'utf8')).toString('hex');
}

function md5(salt: string, password: Buffer): Buffer {
  return createHash('md5').update(Buffer.from(salt, 'latin1')).update(password).digest();
}

/** "v1.<iv>.<tag>.<ciphertext>" (base64); the account id is authenticated data, so rows cannot be swapped. */
function seal(key: Buffer, userId: number, password: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`butterfly-md5-signin:${userId}`));
  const body = Buffer.concat([cipher.update(password.normalize('NFC'), 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64'))).join('.');
}

function open(key: Buffer, userId: number, sealed: string): string | undefined {
  const [v, iv, tag, body] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || body === undefined) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(`butterfly-md5-signin:${userId}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    // A different key file (the data folder was copied without it) or a tampered row.
    return undefined;
  }
}

/**
 * The sealing key: 32 random bytes in the data folder, readable only by the user running Butterfly.
 * Without a file (an in-memory database in tests) the key lives for this process only.
 */
export function loadOrCreateMd5Key(file: string | undefined): Buffer {
  if (!file) return randomBytes(32);
  try {
    const hex = fs.readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(hex)) return Buffer.from(hex, 'hex');
    throw new Error(`${file} is not a Butterfly key (64 hex digits); move it away to make a new one`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
