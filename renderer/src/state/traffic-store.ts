// The live traffic view's state. Records arrive in batches (one per animation frame, see live.ts)
// and go into a TrafficBuffer that is mutated in place; `version` changes so React re-renders.
// While paused, new records wait in `held` and join the view on resume.
import { create } from 'zustand';
import type { TrafficRecord } from '../../../server/tap/tap';
import { TrafficBuffer } from '../features/traffic/traffic-buffer';
import { NO_FILTER, type TrafficFilter } from '../features/traffic/filter';

/** Lines kept in the view: about 25 s at 2,000 lines a second, far more than a sign-in needs. */
export const TRAFFIC_CAP = 50_000;

interface TrafficState {
  version: number;
  /** trafficBuffer.shape: the filter menus' contents. */
  shape: number;
  filter: TrafficFilter;
  paused: boolean;
  heldCount: number;
  selectedSeq?: number;
}

export const trafficBuffer = new TrafficBuffer(TRAFFIC_CAP);
let held: TrafficRecord[] = [];

export const useTraffic = create<TrafficState>(() => ({ version: 0, shape: 0, filter: NO_FILTER, paused: false, heldCount: 0 }));

const bump = (extra: Partial<TrafficState> = {}) =>
  useTraffic.setState((s) => ({ version: s.version + 1, shape: trafficBuffer.shape, ...extra }));

export function addTraffic(batch: readonly TrafficRecord[]): void {
  if (batch.length === 0) return;
  if (useTraffic.getState().paused) {
    held.push(...batch);
    if (held.length > TRAFFIC_CAP) held = held.slice(-TRAFFIC_CAP);
    useTraffic.setState({ heldCount: held.length });
    return;
  }
  trafficBuffer.append(batch);
  bump();
}

/** A fresh history from the server (after connecting): replaces what the view had. */
export function resetTraffic(history: readonly TrafficRecord[]): void {
  trafficBuffer.clear();
  held = [];
  trafficBuffer.append(history);
  bump({ heldCount: 0, selectedSeq: undefined });
}

export function setTrafficFilter(change: Partial<TrafficFilter>): void {
  const filter = { ...useTraffic.getState().filter, ...change };
  trafficBuffer.setFilter(filter);
  bump({ filter });
}

export function setPaused(paused: boolean): void {
  if (!paused && held.length > 0) {
    trafficBuffer.append(held);
    held = [];
  }
  useTraffic.setState({ paused, heldCount: held.length });
  bump();
}

export function clearTraffic(): void {
  trafficBuffer.clear();
  held = [];
  bump({ heldCount: 0, selectedSeq: undefined });
}

export function selectRecord(seq: number | undefined): void {
  useTraffic.setState({ selectedSeq: seq });
}
