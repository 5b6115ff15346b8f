/** The end of a small create form: the form-level error, Cancel, and the submit button. */
interface FormFooterProps {
  error: string | null;
  busy: boolean;
  submitLabel: string;
  onCancel(): void;
}

export function FormFooter({ error, busy, submitLabel, onCancel }: FormFooterProps) {
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
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : submitLabel}
        </button>
      </div>
    </>
  );
}
