// Display pictures from the panel: set (any PNG, JPEG or GIF, stored as a 96×96 PNG), remove, and
// read back for the account and contact lists. Setting one announces the new MSN object to every
// watcher at once, as a client changing its picture does.
import type { Butterfly } from '../app';
import { MAX_PICTURE_UPLOAD, normalizePicture, PictureError } from '../core/picture-image';
import { base64Length } from './setup-types';
import { PanelError, type PanelOperations, type Req, type Res } from './contract';

type PictureOps = 'setPicture' | 'removePicture' | 'getPicture';

export function pictureTooLarge(size: number): string {
  return `The picture is ${(size / (1024 * 1024)).toFixed(1)} MB; Butterfly takes pictures up to ${MAX_PICTURE_UPLOAD / (1024 * 1024)} MB ` +
    '(it keeps a 96×96 copy). Choose a smaller image. Nothing was changed.';
}

export function createPictureHandlers(app: Butterfly): { [K in PictureOps]: (req: Req<K>) => Promise<Res<K>> } {
  const { core } = app;
  const info = (email: string): PanelOperations['getPicture']['res'] => {
    const user = core.directory.requireUser(email);
    const png = core.pictures.png(user.id);
    return { email: user.email, png: png ? png.toString('base64') : null, msnObject: core.pictures.msnObject(user.id) };
  };
  /** A signed-in client's picture: its storage tile, or asked from the client once per SHA1D ("no picture" if it will not give it). */
  const shown = async (email: string): Promise<PanelOperations['getPicture']['res']> => {
    const user = core.directory.requireUser(email);
    if (!core.presence.isSignedIn(user.id)) return info(email);
    const png = await core.clientPictures.png(user);
    return { email: user.email, png: png ? png.toString('base64') : null, msnObject: core.presence.snapshot(user.id)?.msnObject ?? '' };
  };
  return {
    async setPicture(req) {
      const user = core.directory.requireUser(String(req.email));
      if (typeof req.base64 !== 'string') throw new PanelError(400, 'Send the image as the request body (REST) or as {"email", "base64"}.');
      if (req.base64.length > base64Length(MAX_PICTURE_UPLOAD)) throw new PanelError(413, pictureTooLarge((req.base64.length * 3) / 4));
      let png: Buffer;
      try {
        png = await normalizePicture(Buffer.from(req.base64, 'base64'));
      } catch (e) {
        if (e instanceof PictureError) throw new PanelError(400, e.message);
        throw e;
      }
      core.pictures.set(user, png);
      return info(user.email);
    },
    async removePicture(req) {
      const user = core.directory.requireUser(String(req.email));
      if (!core.pictures.remove(user)) throw new PanelError(404, `${user.email} has no display picture to remove.`);
      return info(user.email);
    },
    async getPicture(req) {
      return shown(String(req.email));
    },
  };
}
