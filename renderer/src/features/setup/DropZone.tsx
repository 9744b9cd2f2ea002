// A place to drop a file (or click to choose one). The size is checked before the file is read,
// so a 200 MB mistake is refused at once and never loaded into the page.
import { useRef, useState, type ReactNode } from 'react';
import { formatBytes } from '../../components/files';

export function DropZone(props: {
  label: string;
  hint: ReactNode;
  limit: number;
  tooBig: (size: number) => string;
  busy?: boolean;
  onFile: (file: File) => void;
  onRefused: (message: string) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const take = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (!file) return;
    if (file.size > props.limit) return props.onRefused(props.tooBig(file.size));
    if (file.size === 0 && file.type === '') {
      // What a dropped folder (an .app bundle) looks like to a page.
      return props.onRefused(`${file.name} is empty or a folder. Drop the file itself, not the app or its folder.`);
    }
    props.onFile(file);
  };
  return (
    <div
      className={`drop-zone${over ? ' over' : ''}${props.busy ? ' busy' : ''}`}
      role="button"
      tabIndex={0}
      aria-label={props.label}
      onClick={() => input.current?.click()}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          input.current?.click();
        }
      }}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        take(e.dataTransfer.files);
      }}
    >
      <svg width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
        <path d="M12 15V4M7.5 8.5 12 4l4.5 4.5" />
        <path d="M4 15v3.5A1.5 1.5 0 0 0 5.5 20h13a1.5 1.5 0 0 0 1.5-1.5V15" />
      </svg>
      <div>
        <div className="strong">{props.busy ? 'Reading…' : props.label}</div>
        <div className="muted small">
          {props.hint} Up to {formatBytes(props.limit)}; it stays in memory and nothing is saved.
        </div>
      </div>
      <input
        ref={input}
        type="file"
        hidden
        onChange={(e) => {
          take(e.target.files);
          e.target.value = '';
        }}
      />
    </div>
  );
}
