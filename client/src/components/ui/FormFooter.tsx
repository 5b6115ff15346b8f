/** The end of a small form: the form-level error, Cancel, and the submit button. */
interface FormFooterProps {
  error: string | null;
  busy: boolean;
  submitLabel: string;
  /** The submit button's text while the request runs. */
  busyLabel?: string;
  /** Also disables submitting, e.g. while nothing has changed. */
  disabled?: boolean;
  onCancel(): void;
}

export function FormFooter({ error, busy, submitLabel, busyLabel = 'Creating…', disabled = false, onCancel }: FormFooterProps) {
  return (
    <>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy || disabled}>
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
    </>
  );
}
