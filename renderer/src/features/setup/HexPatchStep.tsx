// Step (Mac, optional): patch Messenger's program so it reaches this server without DNS mode or a
// hosts file. Drop the executable; every Microsoft name is listed with its offset and what it
// becomes, and a patched copy and hex-editor instructions are offered. The dropped file is only read.
import { useState } from 'react';
import { tooLarge, UPLOAD_LIMITS, type HexPatchResult } from '../../../../server/panel/contract';
import { panel } from '../../api/current';
import { formatBytes, saveFile } from '../../components/files';
import { DropZone } from './DropZone';
import { StepCard } from './StepCard';
import { useFileUpload } from './use-file-upload';

const ENCODING = { ascii: 'ASCII', utf16le: 'UTF-16 LE', utf16be: 'UTF-16 BE' } as const;

export function HexPatchStep({ n, address }: { n: number; address: string }) {
  const [target, setTarget] = useState(address);
  const upload = useFileUpload((file, base64) => panel().call('patchMacBinary', { name: file.name, base64, target }));
  const { busy, error, result } = upload;
  return (
    <StepCard n={n} title="Patch Messenger's program instead" optional>
      <p className="muted">
        Only where neither DNS mode nor the hosts file is possible. Each Microsoft name inside the program becomes the address below, without
        changing the program's length; a name that does not fit is left for the hosts file. Your file is never changed: you get a patched copy.
      </p>
      <label className="field inline-field">
        <span className="field-label">Replace the names with</span>
        <input value={target} onChange={(e) => setTarget(e.target.value)} aria-label="Replacement address" spellCheck={false} />
        <span className="field-help">This computer's address (give it a fixed one), or a host name you control.</span>
      </label>
      <DropZone
        label="Drop the Messenger program here"
        hint="Microsoft Messenger.app/Contents/MacOS/Microsoft Messenger (Show Package Contents in Finder); or click to choose it."
        limit={UPLOAD_LIMITS.binary}
        tooBig={(size) => tooLarge('binary', size)}
        busy={busy}
        onFile={upload.onFile}
        onRefused={upload.onRefused}
      />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {result && <PatchResult r={result} />}
    </StepCard>
  );
}

function PatchResult({ r }: { r: HexPatchResult }) {
  return (
    <section className="tool-result" aria-label="Patch">
      <p>
        <strong>{r.file.name}</strong>: {formatBytes(r.file.size)}
        {r.file.kind ? `, ${r.file.kind}` : ''}. <span data-testid="patch-message">{r.message}</span>
      </p>
      {r.warnings.map((w) => (
        <p key={w} className="hint warn">
          {w}
        </p>
      ))}
      {r.patched && (
        <div className="download-row">
          <button type="button" className="primary" onClick={() => saveFile(r.patched!)}>
            Download the patched copy
          </button>
          <button type="button" onClick={() => saveFile(r.instructions!)}>
            Download hex-editor instructions
          </button>
          <span className="muted small">The instructions also cover the code signature and how to undo it.</span>
        </div>
      )}
      {r.occurrences.length > 0 && (
        <div className="scroll-x">
        <table className="table compact patch-table">
          <thead>
            <tr>
              <th>Offset</th>
              <th>Text</th>
              <th>Name</th>
              <th>Before → after</th>
            </tr>
          </thead>
          <tbody>
            {r.occurrences.map((o) => (
              <tr key={`${o.encoding}-${o.offset}`} className={o.refused ? 'refused' : undefined}>
                <td className="mono">0x{o.offset.toString(16).toUpperCase().padStart(8, '0')}</td>
                <td>{ENCODING[o.encoding]}</td>
                <td>
                  <code>{o.host}</code>
                </td>
                <td>
                  <code>{o.before}</code>
                  {o.refused ? (
                    <div className="small refused-why">Not patched: {o.refused}</div>
                  ) : (
                    <>
                      {' → '}
                      <code className="new-value">{o.after}</code>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
</div>
      )}
    </section>
  );
}
