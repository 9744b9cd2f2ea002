// A text field for a live value (a friendly name, a personal message): typing changes nothing
// until Enter or leaving the field, so clients are not sent one update per keystroke. Escape
// puts back the current value. Errors from the server show under the field.
import { useEffect, useRef, useState } from 'react';

export function TextCommit(props: {
  value: string;
  onCommit: (v: string) => Promise<unknown>;
  label: string;
  placeholder?: string;
  disabled?: boolean;
  maxLength?: number;
}) {
  const { value, onCommit, label, placeholder, disabled, maxLength } = props;
  const [draft, setDraftState] = useState(value);
  // Read at blur, which can come in the same event as a change (Escape), before a re-render.
  const draftRef = useRef(value);
  const setDraft = (v: string) => {
    draftRef.current = v;
    setDraftState(v);
  };
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  // A change from elsewhere (a client, another panel, this save coming back) shows, unless the
  // person is typing. Only a change of the value does that, so a saved draft does not flick back.
  const editing = useRef(false);
  useEffect(() => {
    if (!editing.current) setDraft(value);
  }, [value]);

  const commit = async () => {
    editing.current = false;
    const text = draftRef.current;
    if (text === value) return;
    setState({ kind: 'saving' });
    try {
      await onCommit(text);
      setState({ kind: 'saved' });
      setTimeout(() => setState((s) => (s.kind === 'saved' ? { kind: 'idle' } : s)), 1500);
    } catch (e) {
      setState({ kind: 'error', message: (e as Error).message });
      setDraft(value);
    }
  };

  return (
    <label className="field">
      <span className="field-label">
        {label}
        {state.kind === 'saving' && <span className="field-note">Saving…</span>}
        {state.kind === 'saved' && <span className="field-note ok">Saved</span>}
      </span>
      <input
        value={draft}
        placeholder={placeholder}
        disabled={disabled}
        maxLength={maxLength}
        onFocus={() => (editing.current = true)}
        onChange={(e) => {
          editing.current = true;
          setDraft(e.target.value);
          if (state.kind === 'error') setState({ kind: 'idle' });
        }}
        onBlur={() => void commit()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
          if (e.key === 'Escape') {
            // Put the current value back first, so the blur that follows saves nothing.
            editing.current = false;
            setDraft(value);
            (e.target as HTMLInputElement).blur();
          }
        }}
      />
      {state.kind === 'error' && <span className="field-error">{state.message}</span>}
    </label>
  );
}
