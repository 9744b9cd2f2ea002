// The state every "drop a file here" step shares: read the file, ask the server, show the answer or
// the error; a file refused before upload (too big) clears the old answer and shows why.
import { useState } from 'react';
import { readAsBase64 } from '../../components/files';

export function useFileUpload<R>(send: (file: File, base64: string) => Promise<R>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<R>();
  const onFile = async (file: File) => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await send(file, await readAsBase64(file)));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const onRefused = (message: string) => {
    setResult(undefined);
    setError(message);
  };
  return { busy, error, result, onFile: (f: File) => void onFile(f), onRefused };
}
