interface ProgressBarProps {
  /** 0–100 */
  value: number;
  label: string;
  detail: string | null;
}

export function ProgressBar({ value, label, detail }: ProgressBarProps) {
  const percent = Math.max(0, Math.min(100, value));
  return (
    <div className="progress-cell">
      <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(percent)}>
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="progress-text">
        {Math.round(percent)}%{detail && <span className="muted"> · {detail}</span>}
      </span>
    </div>
  );
}
