// Step (Mac): the servers Messenger cached in its preferences. Drop the plist; the page lists the
// values that name a Microsoft server and gives back a fixed copy and the commands.
import { tooLarge, UPLOAD_LIMITS, type ClientSetupGuide, type PlistInspection } from '../../../../server/panel/contract';
import { panel } from '../../api/current';
import { saveFile } from '../../components/files';
import { CopyButton } from '../../components/CopyButton';
import { DropZone } from './DropZone';
import { StepCard } from './StepCard';
import { useFileUpload } from './use-file-upload';

export function MacPlistStep({ n, guide }: { n: number; guide: ClientSetupGuide }) {
  const plist = guide.plist!;
  const upload = useFileUpload(async (file, base64) => ({
    name: file.name,
    r: await panel().call('inspectMacPlist', { name: file.name, base64, family: guide.family.id }),
  }));
  const { busy, error, result } = upload;
  return (
    <StepCard n={n} title="Servers cached in Messenger's preferences">
      <p className="muted">
        Messenger keeps the servers it used in its preferences file. With DNS mode or the hosts file the cached names lead here anyway; after a hex
        patch, or when the cache holds Microsoft's addresses, they must change. For {guide.family.label} it is:
      </p>
      <p className="path-line">
        <code data-testid="plist-path">{plist.path}</code> <CopyButton text={plist.path} label="Copy path" />
      </p>
      <DropZone
        label="Drop com.microsoft.Messenger.plist here"
        hint="XML or binary; or click to choose it."
        limit={UPLOAD_LIMITS.plist}
        tooBig={(size) => tooLarge('plist', size)}
        busy={busy}
        onFile={upload.onFile}
        onRefused={upload.onRefused}
      />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {result && <PlistResult name={result.name} r={result.r} />}
      <details className="more">
        <summary>No such file on that Mac?</summary>
        <ul className="plain-list">
          {plist.withoutFile.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      </details>
    </StepCard>
  );
}

function PlistResult({ name, r }: { name: string; r: PlistInspection }) {
  return (
    <section className="tool-result" aria-label="Preferences file">
      <p className={r.values.length ? '' : 'hint'}>
        <strong>{name}</strong> ({r.format === 'xml' ? 'XML' : 'binary'} property list): {r.message}
      </p>
      {r.values.length > 0 && (
        <>
          <div className="scroll-x">
          <table className="table compact">
            <thead>
              <tr>
                <th>Key</th>
                <th>Now</th>
                <th>Becomes</th>
              </tr>
            </thead>
            <tbody>
              {r.values.map((v) => (
                <tr key={v.keyPath.join('\u0000')}>
                  <td className="strong">{v.keyPath.join(' › ')}</td>
                  <td>
                    <code>{v.old}</code>
                  </td>
                  <td>
                    <code className="new-value">{v.new}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
</div>
          <div className="download-row">
            <button type="button" className="primary" onClick={() => saveFile(r.fixed!)}>
              Download the fixed {r.fixed!.name}
            </button>
            <span className="muted small">Only the values above differ from your file.</span>
          </div>
          <ol className="install-steps">
            {r.install.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
          <p className="muted small">Or make the same change by hand in Terminal:</p>
          <code className="command" data-testid="plist-commands">
            {r.commands.join('\n')}
          </code>
        </>
      )}
    </section>
  );
}
