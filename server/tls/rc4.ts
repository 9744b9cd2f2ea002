// RC4 (ARCFOUR), the stream cipher of TLS_RSA_WITH_RC4_128_SHA / _MD5. Windows 2000/XP offer
// these first, and neither Node's OpenSSL 3 (RC4 lives in its unloaded "legacy" provider) nor
// Electron's BoringSSL exposes RC4 to JavaScript, so we carry the few lines ourselves.
// Checked against RFC 6229's keystream test vectors in rc4.test.ts.
//
// RC4 is broken as a cipher; it is here only because a 2003 client offers nothing better.

export class Rc4 {
  private readonly s = new Uint8Array(256);
  private i = 0;
  private j = 0;

  constructor(key: Uint8Array) {
    if (key.length < 1 || key.length > 256) throw new RangeError(`RC4 key must be 1–256 bytes, got ${key.length}`);
    const s = this.s;
    for (let n = 0; n < 256; n++) s[n] = n;
    // Key-scheduling algorithm.
    let j = 0;
    for (let n = 0; n < 256; n++) {
      j = (j + s[n] + key[n % key.length]) & 0xff;
      const t = s[n];
      s[n] = s[j];
      s[j] = t;
    }
  }

  /** XOR the next input.length keystream bytes into a new buffer (encrypt and decrypt alike). */
  update(input: Uint8Array): Buffer {
    const out = Buffer.allocUnsafe(input.length);
    const s = this.s;
    let i = this.i;
    let j = this.j;
    for (let n = 0; n < input.length; n++) {
      i = (i + 1) & 0xff;
      const si = s[i];
      j = (j + si) & 0xff;
      const sj = s[j];
      s[i] = sj;
      s[j] = si;
      out[n] = input[n] ^ s[(si + sj) & 0xff];
    }
    this.i = i;
    this.j = j;
    return out;
  }
}
