// CHL/QRY: the server's challenge and the client's proof that it is a licensed client build.
//   S: CHL 0 22210219642164014968
//   C: QRY 10 PROD0090YUAUV{2B 32\r\n85ecb0db8f32113df79ce0892b9a102c       S: QRY 10
import { createHash, randomInt } from 'node:crypto';

/** Public product id -> private key, as published for each client generation. */
export const PRODUCT_KEYS: Readonly<Record<string, string>> = {
  'msmsgs@msnmsgr.com': 'Q1P7W2E4J9R8U3S5',
  'PROD0038W!61ZTF9': 'VT6PX?UQTM4WM%YR',
  'PROD0058#7IL2{QD': 'QHDCY@7R1TB6W?5B',
  'PROD0061VRRZH@4F': 'JXQ6J@TUOGYV@N0M',
  'PROD00504RLUG%WL': 'I2EBK%PYNLZL5_J4',
  'PROD0076ENE8*@AW': 'CEQJ8}OE0!WTSWII',
  'PROD0090YUAUV{2B': 'YMM8C_H7KCQ2S_KL',
  'PROD0101{0RM?UBW': 'CFHUR$52U_{VIX5T',
  'PROD01065C%ZFN6F': 'O4BG@C7BWLYQX?5G',
  'PROD0112J1LW7%NB': 'RH96F{PHI8PPX_TJ',
  'PROD0113H11T8$X_': 'RG@XY*28Q5QHS%Q5',
  'PROD0114ES4Z%Q5W': 'PK}_A_0N_K%O?A9S',
  'PROD0118R6%2WYOS': 'YIXPX@5I2P0UT*LK',
  'PROD0119GSJUC$18': 'ILTXC!4IXB5FB*PX',
  'PROD0120PW!CCV9@': 'C1BX{V4W}Q3*10SM',
};

/** A fresh challenge: 20 decimal digits. */
export function newChallenge(): string {
  let s = String(randomInt(1, 10));
  while (s.length < 20) s += String(randomInt(0, 10));
  return s;
}

/** MSNP6-10: hex(md5(challenge + privateKey)). */
export function answerMd5(challenge: string, privateKey: string): string {
  return createHash('md5').update(challenge + privateKey).digest('hex');
}

const MOD = 0x7fffffffn;

/** MSNP11+: the md5 of challenge+key, scrambled with a hash of challenge+productId (fact sheet §2.8). */
export function answerMsnp11(challenge: string, productId: string, privateKey: string): string {
  const digest = createHash('md5').update(challenge + privateKey).digest();
  const raw = [0, 4, 8, 12].map((o) => BigInt(digest.readUInt32LE(o)));
  const k = raw.map((w) => w & MOD);
  let text = challenge + productId;
  text += '0'.repeat(8 - (text.length % 8));
  const bytes = Buffer.from(text, 'latin1');
  const c: bigint[] = [];
  for (let o = 0; o < bytes.length; o += 4) c.push(BigInt(bytes.readUInt32LE(o)) & MOD);
  let high = 0n;
  let low = 0n;
  for (let i = 0; i < c.length; i += 2) {
    let t = (c[i]! * 0x0e79a9c1n) % MOD;
    t = (k[0]! * (t + high) + k[1]!) % MOD;
    high = (c[i + 1]! + t) % MOD;
    high = (k[2]! * high + k[3]!) % MOD;
    low += high + t;
  }
  high = (high + k[1]!) % MOD;
  low = (low + k[3]!) % MOD;
  // XOR with the original (unmasked) digest words, written back little-endian.
  const out = Buffer.alloc(16);
  const mix = [high, low, high, low];
  for (let i = 0; i < 4; i++) out.writeUInt32LE(Number((raw[i]! ^ mix[i]!) & 0xffffffffn), i * 4);
  return out.toString('hex');
}
