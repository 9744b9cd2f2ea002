// A status glyph from assets/status, in the Messenger style, with the status name as its label.
import type { Status } from '../../../server/core/model';
import { STATUS_GLYPH, STATUS_NAMES, type Glyph } from '../status';
import online from '../../../assets/status/online.svg';
import busy from '../../../assets/status/busy.svg';
import away from '../../../assets/status/away.svg';
import phone from '../../../assets/status/phone.svg';
import offline from '../../../assets/status/offline.svg';
import appearOffline from '../../../assets/status/appear-offline.svg';

const GLYPH_URL: Record<Glyph, string> = { online, busy, away, phone, offline, 'appear-offline': appearOffline };

export function StatusIcon({ status, size = 18 }: { status: Status; size?: number }) {
  return <img className="status-icon" src={GLYPH_URL[STATUS_GLYPH[status]]} alt={STATUS_NAMES[status]} title={STATUS_NAMES[status]} width={size} height={size} />;
}
