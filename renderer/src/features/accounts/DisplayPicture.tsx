// Display pictures in the panel: a small face beside an account or contact (the PNG fetched once
// per picture, keyed by its SHA1D), and the card that sets or removes an account's picture. Every
// watching client sees a change at once (NLN with the new MSN object).
import { useEffect, useState } from 'react';
import type { AccountInfo } from '../../../../server/panel/contract';
import { panel } from '../../api/current';
import { Card } from '../../components/Card';
import { readAsBase64 } from '../../components/files';
import { loadAccounts } from '../../state/live';
import '../../styles/pictures.css';

/** data: URLs by SHA1D: a picture is fetched once, however many lists show it. */
const fetched = new Map<string, Promise<string | undefined>>();

function pictureUrl(email: string, sha1d: string): Promise<string | undefined> {
  let p = fetched.get(sha1d);
  if (!p) {
    p = panel()
      .call('getPicture', { email })
      .then((r) => (r.png ? `data:image/png;base64,${r.png}` : undefined))
      .catch(() => undefined);
    fetched.set(sha1d, p);
  }
  return p;
}

/** The account's face, or nothing when it has none (the status glyph stays on its own). */
export function Avatar({ email, picture, size = 28 }: { email: string; picture?: string; size?: number }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let live = true;
    setUrl(undefined);
    if (picture) void pictureUrl(email, picture).then((u) => live && setUrl(u));
    return () => {
      live = false;
    };
  }, [email, picture]);
  if (!url) return null;
  return <img className="avatar" src={url} width={size} height={size} alt="" title={`${email}'s display picture`} />;
}

export function PictureEditor({ account }: { account: AccountInfo }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>) => {
    setError(undefined);
    setBusy(true);
    try {
      await work();
      await loadAccounts();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="Display picture" label="Display picture">
      {account.signedIn && <p className="hint">A Messenger client is signed in as this account: its contacts see the picture chosen in that client.</p>}
      <div className="picture-editor">
        <Avatar email={account.email} picture={account.picture} size={96} />
        {!account.picture && <div className="picture-none muted small">No picture</div>}
        <label className="button small">
          {account.picture ? 'Change…' : 'Choose…'}
          <input
            type="file"
            accept="image/png,image/jpeg,image/gif"
            hidden
            disabled={busy}
            aria-label={`Display picture of ${account.email}`}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void run(async () => panel().call('setPicture', { email: account.email, base64: await readAsBase64(file) }));
            }}
          />
        </label>
        {account.picture && (
          <button type="button" className="small" disabled={busy} onClick={() => void run(() => panel().call('removePicture', { email: account.email }))}>
            Remove
          </button>
        )}
      </div>
      <p className="hint">PNG, JPEG or GIF up to 5 MB; kept as a 96×96 picture, as Messenger shows it.</p>
      {error && <p className="field-error" role="alert">{error}</p>}
    </Card>
  );
}
