/** Admins rename the organization in place. */
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { Field } from '../ui/Field';
import { fieldError, readFormErrors } from '../ui/form-errors';

const RenameOrganizationMutation = graphql(`
  mutation RenameOrganization($id: ID!, $name: String!) {
    renameOrganization(id: $id, name: $name) {
      id
      name
    }
  }
`);

export function RenameOrganizationForm({ organizationId, name: current, onDone }: { organizationId: string; name: string; onDone(): void }) {
  const [name, setName] = useState(current);
  const [result, rename] = useMutation(RenameOrganizationMutation);
  const errors = readFormErrors(result.error);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { error } = await rename({ id: organizationId, name: name.trim() });
    if (!error) onDone();
  }

  return (
    <form className="card form inline-form" onSubmit={submit} aria-label="Rename the organization">
      <Field label="Organization name" name="name" required value={name} onChange={setName} error={fieldError(errors, 'name')} />
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={result.fetching || name.trim() === ''}>
          Save
        </button>
      </div>
    </form>
  );
}
