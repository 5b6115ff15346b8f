/** Times and durations as every console page shows them: one format everywhere, whatever the browser's locale. */

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-12-05 20:41:07` in the viewer's time zone; text that is no time is shown as it is. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${formatDay(iso)} ${formatClock(d)}`;
}

/** `20:41:07`, the time of day of `d` in the viewer's time zone. */
export function formatClock(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * A time axis tick (seconds since the epoch): `20:41:07` (uPlot's own is `8:41pm`); with ticks less
 * than a second apart, as many decimals as their spacing needs (`20:41:07.3`, `20:41:07.35`).
 */
export function formatClockTick(seconds: number, step: number): string {
  if (step >= 1) return formatClock(new Date(seconds * 1000));
  const decimals = step >= 0.1 ? 1 : 2;
  const scale = 10 ** decimals;
  // Ticks are multiples of the step, give or take a float's error (1234.9999… is 1235.0).
  const units = Math.round(seconds * scale);
  return `${formatClock(new Date(Math.floor(units / scale) * 1000))}.${String(units % scale).padStart(decimals, '0')}`;
}

/** `2026-12-05` in the viewer's time zone. */
export function formatDay(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `< 1 s`, `42 s`, `3 min 05 s`, `2 h 07 min`. */
export function formatDuration(ms: number): string {
  // A run that took less than a second (the reference trainer's demo runs) is not "0 s".
  if (ms < 500) return '< 1 s';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A worker's estimate of the time left: `about 3 min 05 s left`; a part of a second counts as a second. */
export function formatRemaining(seconds: number): string {
  if (seconds <= 0) return 'less than a second left';
  return `about ${formatDuration(Math.ceil(seconds) * 1000)} left`;
}
