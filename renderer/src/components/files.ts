// Files in and out of the page, in memory only: a download made from a file the server built
// (base64), and a dropped file read as base64 for the panel contract.
import type { DownloadFile } from '../../../server/panel/contract';

export function bytesOf(file: Pick<DownloadFile, 'base64'>): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(file.base64), (ch) => ch.charCodeAt(0));
}

/** Hands a file to the browser's download (Save as…); nothing else keeps it. */
export function saveFile(file: DownloadFile): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([bytesOf(file)], { type: file.mime }));
  a.download = file.name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
