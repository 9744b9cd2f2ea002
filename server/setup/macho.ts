// Just enough of the Mach-O format to say what a dropped file is ("universal binary: ppc, i386")
// and which byte order each part uses: Messenger for Mac 6 and 7 ship PowerPC and Intel code in
// one file, and UTF-16 text inside the PowerPC part is big-endian, inside the Intel part little.

export interface MachSlice {
  arch: string;
  offset: number;
  size: number;
  bigEndian: boolean;
}

export interface ExecutableInfo {
  /** For people: "Mach-O universal binary (ppc, i386)", or undefined when it is not Mach-O. */
  kind?: string;
  slices: MachSlice[];
}

const CPU: Record<number, string> = {
  7: 'i386',
  0x01000007: 'x86_64',
  18: 'ppc',
  0x01000012: 'ppc64',
  12: 'arm',
  0x0100000c: 'arm64',
};

const THIN = new Map<number, { bigEndian: boolean; bits: 32 | 64 }>([
  [0xfeedface, { bigEndian: true, bits: 32 }],
  [0xcefaedfe, { bigEndian: false, bits: 32 }],
  [0xfeedfacf, { bigEndian: true, bits: 64 }],
  [0xcffaedfe, { bigEndian: false, bits: 64 }],
]);

function thinAt(buf: Buffer, offset: number, size: number): MachSlice | undefined {
  if (offset < 0 || offset + 8 > buf.length) return undefined;
  const t = THIN.get(buf.readUInt32BE(offset));
  if (!t) return undefined;
  const cpu = t.bigEndian ? buf.readInt32BE(offset + 4) : buf.readInt32LE(offset + 4);
  return { arch: CPU[cpu] ?? `cpu ${cpu}`, offset, size: Math.min(size, buf.length - offset), bigEndian: t.bigEndian };
}

export function describeExecutable(buf: Buffer): ExecutableInfo {
  if (buf.length < 8) return { slices: [] };
  const magic = buf.readUInt32BE(0);
  if (magic === 0xcafebabe) {
    // Java class files share this magic; there the next word is a version (45 and up), here a small count.
    const n = buf.readUInt32BE(4);
    if (n >= 1 && n <= 16 && 8 + n * 20 <= buf.length) {
      const slices: MachSlice[] = [];
      for (let i = 0; i < n; i++) {
        const at = 8 + i * 20;
        const s = thinAt(buf, buf.readUInt32BE(at + 8), buf.readUInt32BE(at + 12));
        if (s) slices.push(s);
      }
      if (slices.length > 0) return { kind: `Mach-O universal binary (${slices.map((s) => s.arch).join(', ')})`, slices };
    }
    return { slices: [] };
  }
  const thin = thinAt(buf, 0, buf.length);
  return thin ? { kind: `Mach-O executable (${thin.arch})`, slices: [thin] } : { slices: [] };
}

/** Whether UTF-16 text at `offset` is big-endian: inside a big-endian slice; little-endian elsewhere. */
export function bigEndianAt(info: ExecutableInfo, offset: number): boolean {
  return info.slices.some((s) => s.bigEndian && offset >= s.offset && offset < s.offset + s.size);
}
