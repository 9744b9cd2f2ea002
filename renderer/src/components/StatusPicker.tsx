// The status menu as Messenger showed it: each status with its glyph. A listbox rather than a
// <select>, because a native select cannot show the glyphs. Keyboard: arrows, Enter, Escape.
import { useEffect, useRef, useState } from 'react';
import type { Status } from '../../../server/core/model';
import { MENU_STATUSES, STATUS_NAMES } from '../status';
import { StatusIcon } from './StatusIcon';

export function StatusPicker(props: { value: Status; onChange: (s: Status) => void; label: string; disabled?: boolean; compact?: boolean }) {
  const { value, onChange, label, disabled, compact } = props;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const choose = (s: Status) => {
    setOpen(false);
    if (s !== value) onChange(s);
  };
  const show = () => {
    setActive(Math.max(0, MENU_STATUSES.indexOf(value)));
    setOpen(true);
  };
  const onKey = (e: React.KeyboardEvent) => {
    if (!open) {
      if (e.key === 'ArrowDown' || e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        show();
      }
      return;
    }
    if (e.key === 'Escape') setOpen(false);
    else if (e.key === 'ArrowDown') setActive((i) => Math.min(MENU_STATUSES.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter' || e.key === ' ') choose(MENU_STATUSES[active]!);
    else return;
    e.preventDefault();
  };

  return (
    <div className={`status-picker${compact ? ' compact' : ''}`} ref={root} onKeyDown={onKey}>
      <button
        type="button"
        className="status-picker-button"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label={`${label}: ${STATUS_NAMES[value]}`}
        disabled={disabled}
        onClick={() => (open ? setOpen(false) : show())}
      >
        <StatusIcon status={value} size={compact ? 16 : 18} />
        <span className="status-picker-name">{STATUS_NAMES[value]}</span>
        <span className="caret" aria-hidden>▾</span>
      </button>
      {open && (
        <ul className="status-menu" role="listbox" aria-label={label}>
          {MENU_STATUSES.map((s, i) => (
            <li
              key={s}
              role="option"
              aria-selected={s === value}
              className={i === active ? 'active' : undefined}
              onMouseEnter={() => setActive(i)}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(s)}
            >
              <StatusIcon status={s} size={16} />
              {STATUS_NAMES[s]}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
