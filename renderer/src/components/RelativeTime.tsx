// "just now", "4 min ago", "2 h ago", with the exact time on hover; refreshes itself.
import { useEffect, useState } from 'react';

export function relativeTime(ms: number, now: number): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${m % 60} min ago`;
  return new Date(ms).toLocaleDateString();
}

export function RelativeTime({ ms }: { ms: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 20_000);
    return () => clearInterval(t);
  }, []);
  return <time dateTime={new Date(ms).toISOString()} title={new Date(ms).toLocaleString()}>{relativeTime(ms, now)}</time>;
}
