// Which Messenger the person is setting up; the rest of the page follows the choice.
import type { ClientFamilyId } from '../../../../server/panel/contract';

export const FAMILIES: { id: ClientFamilyId; name: string; sub: string; os: 'Mac' | 'Windows' }[] = [
  { id: 'mac-6-7', name: 'Messenger for Mac 6 and 7', sub: 'Mac OS X, 2005–2008', os: 'Mac' },
  { id: 'mac-8', name: 'Messenger for Mac 8', sub: 'Mac OS X, 2010', os: 'Mac' },
  { id: 'msn-1-4', name: 'MSN Messenger 1.0–4.7', sub: 'and Windows Messenger 4.x, Windows 95 to XP', os: 'Windows' },
  { id: 'msn-5-6', name: 'MSN Messenger 5 to 6.2', sub: 'Windows 98 to XP', os: 'Windows' },
  { id: 'msn-7', name: 'MSN Messenger 7 and 7.5', sub: 'Windows 2000, XP', os: 'Windows' },
  { id: 'wlm', name: 'Windows Live Messenger', sub: '8.0 to 2009, Windows XP to 7', os: 'Windows' },
];

export function FamilyPicker({ value, onChange }: { value: ClientFamilyId; onChange: (id: ClientFamilyId) => void }) {
  return (
    <div className="family-picker" role="radiogroup" aria-label="Messenger version">
      {FAMILIES.map((f) => (
        <button
          key={f.id}
          type="button"
          role="radio"
          aria-checked={f.id === value}
          className={`family${f.id === value ? ' active' : ''}`}
          onClick={() => onChange(f.id)}
        >
          <span className={`os-badge ${f.os.toLowerCase()}`}>{f.os}</span>
          <span className="family-name">{f.name}</span>
          <span className="muted small">{f.sub}</span>
        </button>
      ))}
    </div>
  );
}
