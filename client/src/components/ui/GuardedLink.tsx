/**
 * A link styled as a button to a page whose action the viewer's role may forbid. Forbidden, it is
 * a disabled `GuardedButton` with the reason, like every other action the role may not take.
 */
import type { ReactNode } from 'react';
import { Link } from '../navigation';
import type { Denial } from '../roles';
import { GuardedButton } from './GuardedButton';

export function GuardedLink({ to, denial, children, testId }: { to: string; denial: Denial; children: ReactNode; testId?: string }) {
  if (denial)
    return (
      <GuardedButton denial={denial} data-testid={testId}>
        {children}
      </GuardedButton>
    );
  return (
    <Link to={to} className="button" testId={testId}>
      {children}
    </Link>
  );
}
