/** The question before a job is cancelled: a click in a list should not end hours of training. */
import { ConfirmDialog } from '../ui/ConfirmDialog';

interface CancelJobDialogProps {
  name: string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}

export function CancelJobDialog({ name, busy, onConfirm, onCancel }: CancelJobDialogProps) {
  return (
    <ConfirmDialog title="Cancel this job?" confirmLabel="Cancel job" tone="danger" busy={busy} onConfirm={onConfirm} onCancel={onCancel}>
      <p>
        <strong>{name}</strong> stops running. What it has reported so far (metrics, logs, checkpoints) is kept, and it can be retried.
      </p>
    </ConfirmDialog>
  );
}
