// REST picture uploads (curl -X PUT --data-binary @me.jpg …/api/accounts/me@local/picture): the
// image is the body, refused from its Content-Length before reading when it is over the limit.
import type http from 'node:http';
import { MAX_PICTURE_UPLOAD } from '../core/picture-image';
import { PanelError } from './contract';
import { pictureTooLarge } from './picture-handlers';

export function isPictureUpload(method: string | undefined, pathname: string): boolean {
  return method === 'PUT' && /^\/api\/accounts\/[^/]+\/picture$/.test(pathname);
}

export function readPictureUpload(req: http.IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  // Refused from the header alone; the answer closes the connection, so the body is never read.
  if (declared > MAX_PICTURE_UPLOAD) return Promise.reject(new PanelError(413, pictureTooLarge(declared)));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_PICTURE_UPLOAD) {
        reject(new PanelError(413, pictureTooLarge(size)));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
