// A button for something that cannot be undone: the first click asks, the second does it.
import { useEffect, useState } from 'react';

export function ConfirmButton(props: { label: string; confirm: string; onConfirm: () => void; className?: string; title?: string }) {
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    if (!asking) return;
    const t = setTimeout(() => setAsking(false), 4000);
    return () => clearTimeout(t);
  }, [asking]);
  return (
    <button
      type="button"
      title={props.title}
      className={`${props.className ?? 'danger'}${asking ? ' asking' : ''}`}
      onClick={() => {
        if (!asking) return setAsking(true);
        setAsking(false);
        props.onConfirm();
      }}
    >
      {asking ? props.confirm : props.label}
    </button>
  );
}
