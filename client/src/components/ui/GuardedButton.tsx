/**
 * A button the viewer's role may forbid. Forbidden, it stays visible but disabled, and says why
 * twice: as a tooltip (`title`, on a wrapper because disabled buttons get no pointer events) and
 * as a visible hint, so the reason is readable without a mouse.
 */
import { useId, type ButtonHTMLAttributes, type ReactNode } from 'react';
import type { Denial } from '../roles';

interface GuardedButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** Null when the role allows the action. */
  denial: Denial;
  children: ReactNode;
  /** Show the reason as text under the button (default) or only as the tooltip (dense tables). */
  showHint?: boolean;
}

export function GuardedButton({ denial, children, showHint = true, disabled, title, ...button }: GuardedButtonProps) {
  const hintId = useId();
  if (!denial) {
    return (
      <button type="button" {...button} disabled={disabled} title={title}>
        {children}
      </button>
    );
  }
  return (
    <span className="guarded" title={denial}>
      <button type="button" {...button} disabled title={denial} aria-describedby={showHint ? hintId : undefined}>
        {children}
      </button>
      {showHint && (
        <span id={hintId} className="denial-hint" data-testid="denial-hint">
          {denial}
        </span>
      )}
    </span>
  );
}
