/** A size as every console page writes it: `512 B`, `4.3 kB`, `15.6 MB`, `2.1 GB` (powers of 1000). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 1000) return `${Number.isFinite(n) ? Math.max(0, Math.round(n)) : 0} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = n / 1000;
  let unit = 0;
  // 999,999 bytes is "1.0 MB", not "1000.0 kB".
  while (unit < units.length - 1 && Number(value.toFixed(1)) >= 1000) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
