// Turns an uploaded image into what Messenger shows: a 96×96 PNG. PNG, JPEG and GIF are accepted
// (what the Messenger clients themselves offered); the format is recognised from its first bytes,
// and the pixel size is read from the header before decoding, so a small file that would unpack
// into gigabytes is refused without being unpacked.

export const PICTURE_SIDE = 96;
/** Uploads larger than this are refused before they are read (the panel answers 413). */
export const MAX_PICTURE_UPLOAD = 5 * 1024 * 1024;
/** Largest width or height decoded. */
const MAX_SIDE = 6000;

export class PictureError extends Error {}

type Format = 'PNG' | 'JPEG' | 'GIF';

function sniff(b: Buffer): Format | undefined {
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'PNG';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'JPEG';
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.subarray(0, 6).toString('latin1'))) return 'GIF';
  return undefined;
}

/** Width and height from the header; undefined when the header is cut short. */
function dimensions(b: Buffer, f: Format): { w: number; h: number } | undefined {
  if (f === 'PNG') return b.length >= 24 ? { w: b.readUInt32BE(16), h: b.readUInt32BE(20) } : undefined;
  if (f === 'GIF') return b.length >= 10 ? { w: b.readUInt16LE(6), h: b.readUInt16LE(8) } : undefined;
  // JPEG: walk the segments to the first start-of-frame marker (C0–CF but C4, C8, CC).
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    const len = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { h: b.readUInt16BE(i + 5), w: b.readUInt16BE(i + 7) };
    }
    i += 2 + len;
  }
  return undefined;
}

/** The 96×96 PNG for an uploaded PNG, JPEG or GIF (cropped to a square from the centre). */
export async function normalizePicture(upload: Buffer): Promise<Buffer> {
  if (upload.length === 0) throw new PictureError('The picture is empty: send the image file itself as the request body.');
  if (upload.length > MAX_PICTURE_UPLOAD) {
    throw new PictureError(`The picture is ${upload.length} bytes; at most ${MAX_PICTURE_UPLOAD} (5 MB). Use a smaller image.`);
  }
  const format = sniff(upload);
  if (!format) throw new PictureError('That is not a PNG, JPEG or GIF image. Save the picture in one of those formats and try again.');
  const size = dimensions(upload, format);
  if (!size || size.w === 0 || size.h === 0) throw new PictureError(`The ${format} file is damaged (its header is cut short). Try another file.`);
  if (size.w > MAX_SIDE || size.h > MAX_SIDE) {
    throw new PictureError(`The image is ${size.w}×${size.h} pixels; at most ${MAX_SIDE}×${MAX_SIDE}. Shrink it and try again.`);
  }
  // jimp and its codecs are the largest code in the server: loaded on the first upload, not at start-up.
  const { Jimp } = await import('jimp');
  let image;
  try {
    image = await Jimp.read(upload);
  } catch (e) {
    throw new PictureError(`The ${format} file could not be read (${(e as Error).message}). It may be damaged; try another file.`);
  }
  image.cover({ w: PICTURE_SIDE, h: PICTURE_SIDE });
  return image.getBuffer('image/png');
}
