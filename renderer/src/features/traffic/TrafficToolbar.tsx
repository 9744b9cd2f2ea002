// Filters (connection, service, command, search) and the controls (pause, clear, export).
import { useEffect, useState } from 'react';
import type { TapService } from '../../../../server/tap/tap';
import { clearTraffic, setPaused, setTrafficFilter, trafficBuffer, useTraffic } from '../../state/traffic-store';
import { SERVICE_LABELS } from './filter';
import { formatLog, logFileName } from './export-log';
import { panel } from '../../api/current';
import { saveFile } from '../../components/files';
import { formatCount } from '../../components/format-count';

/** Always offered; DNS only once such lines exist. */
const MAIN_SERVICES: TapService[] = ['NS', 'SB', 'HTTP', 'TLS', 'SYS'];

export function TrafficToolbar() {
  const filter = useTraffic((s) => s.filter);
  const paused = useTraffic((s) => s.paused);
  const heldCount = useTraffic((s) => s.heldCount);
  useTraffic((s) => s.shape); // redraw the menus when a connection or command comes or goes, not per line
  const [search, setSearch] = useState(filter.search);
  // Typing is applied a moment after it stops, not per keystroke over the whole history.
  useEffect(() => {
    const t = setTimeout(() => {
      if (search !== useTraffic.getState().filter.search) setTrafficFilter({ search });
    }, 150);
    return () => clearTimeout(t);
  }, [search]);

  const conns = trafficBuffer.connections();
  const commands = trafficBuffer.commands();
  const services = [...MAIN_SERVICES, ...(conns.some((c) => c.service === 'DNS') ? (['DNS'] as TapService[]) : [])];
  const toggleService = (s: TapService) =>
    setTrafficFilter({
      hiddenServices: filter.hiddenServices.includes(s) ? filter.hiddenServices.filter((x) => x !== s) : [...filter.hiddenServices, s],
    });
  const exportLog = () => {
    const blob = new Blob([formatLog(trafficBuffer.shown)], { type: 'text/plain;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = logFileName(new Date());
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };

  const [captureError, setCaptureError] = useState<string>();
  const exportCapture = async () => {
    setCaptureError(undefined);
    try {
      const { name, base64 } = await panel().call('getTrafficCapture', { conn: filter.conn });
      saveFile({ name, base64, mime: 'application/vnd.tcpdump.pcap' });
    } catch (e) {
      setCaptureError((e as Error).message);
    }
  };

  return (
    <div className="traffic-toolbar">
      <div className="toolbar-row">
        <input
          type="search"
          className="search"
          placeholder="Search lines and payloads"
          aria-label="Search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <select aria-label="Connection" value={filter.conn ?? ''} onChange={(e) => setTrafficFilter({ conn: e.target.value || undefined })}>
          <option value="">All connections</option>
          {conns.map((c) => (
            <option key={c.conn} value={c.conn}>
              {c.conn}
              {c.account ? ` · ${c.account}` : ''}
            </option>
          ))}
          {filter.conn && !conns.some((c) => c.conn === filter.conn) && <option value={filter.conn}>{filter.conn}</option>}
        </select>
        <select aria-label="Command" value={filter.command ?? ''} onChange={(e) => setTrafficFilter({ command: e.target.value || undefined })}>
          <option value="">All commands</option>
          {commands.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
          {filter.command && !commands.includes(filter.command) && <option value={filter.command}>{filter.command}</option>}
        </select>
        <div className="chips" role="group" aria-label="Services">
          {services.map((s) => (
            <button key={s} type="button" className={`chip ${s}`} aria-pressed={!filter.hiddenServices.includes(s)} onClick={() => toggleService(s)}>
              {SERVICE_LABELS[s]}
            </button>
          ))}
        </div>
      </div>
      <div className="toolbar-row end">
        <span className="legend">
          <span className="in">→ from a client</span>
          <span className="out">← to a client</span>
          <span className="note">• server note</span>
          <span className="exchange">⇄ HTTP request and answer</span>
        </span>
        <span className="spacer" />
        <button type="button" className={paused ? 'primary' : undefined} onClick={() => setPaused(!paused)} aria-pressed={paused}>
          {paused ? `Resume${heldCount > 0 ? ` (${formatCount(heldCount)} new)` : ''}` : 'Pause'}
        </button>
        <button type="button" onClick={clearTraffic}>
          Clear
        </button>
        <button type="button" onClick={exportLog} title="The lines shown, as text, with a legend">
          Export log
        </button>
        <button
          type="button"
          onClick={() => void exportCapture()}
          title={`A capture for Wireshark (MSN Messenger and HTTP decoded) of ${filter.conn ? `connection ${filter.conn}` : 'the traffic the server keeps'}`}
        >
          Export for Wireshark
        </button>
        {captureError && <span className="field-error">{captureError}</span>}
      </div>
    </div>
  );
}
