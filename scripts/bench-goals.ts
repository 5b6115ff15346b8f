/** A bench's goals, judged on the runs it made, and the one line that reports them. */
export interface Goal {
  name: string;
  met: boolean;
  /** Present when the goal could not be judged (its run was not made). */
  skipped?: boolean;
}

/** `goals: 3/4 met — ✓ … · ✗ … · – … (not run)`. */
export function goalsLine(list: readonly Goal[]): string {
  const judged = list.filter((g) => !g.skipped);
  const met = judged.filter((g) => g.met).length;
  const parts = list.map((g) => `${g.skipped ? '–' : g.met ? '✓' : '✗'} ${g.name}${g.skipped ? ' (not run)' : ''}`);
  return `goals: ${met}/${judged.length} met — ${parts.join(' · ')}`;
}
