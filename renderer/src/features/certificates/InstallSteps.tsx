// Install steps as server/tls/ca-export.ts writes them ("1. …", with indented "or …" lines that
// belong to the step before) shown as a numbered list, commands set apart to copy.
export function parseSteps(lines: readonly string[]): { text: string; more: string[] }[] {
  const out: { text: string; more: string[] }[] = [];
  for (const line of lines) {
    const numbered = /^\d+\.\s+(.*)$/.exec(line);
    if (numbered || out.length === 0) out.push({ text: numbered ? numbered[1]! : line.trim(), more: [] });
    else out[out.length - 1]!.more.push(line.trim());
  }
  return out;
}

/** The first words of the commands the steps quote (certificates, hosts file, registry, DNS). */
const COMMAND = /^(.*?: )((?:sudo|certutil|openssl|ipconfig|type|cat|cd|ping|reg|rmdir|rm|cp|dscacheutil|lookupd|killall|defaults|plutil) .+|certmgr\.msc)$/;

/** Splits "… run: sudo …" into the words and the command, to show the command as code. */
function withCommand(text: string) {
  const m = COMMAND.exec(text);
  if (!m) return <>{text}</>;
  return (
    <>
      {m[1]}
      <code className="command">{m[2]}</code>
    </>
  );
}

export function InstallSteps({ steps }: { steps: readonly string[] }) {
  return (
    <ol className="install-steps">
      {parseSteps(steps).map((s, i) => (
        <li key={i}>
          <div>{withCommand(s.text)}</div>
          {s.more.map((m, j) => (
            <div key={j} className="step-more">
              {withCommand(m)}
            </div>
          ))}
        </li>
      ))}
    </ol>
  );
}
