/** Admins rename the organization in place. */
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { Field } from '../ui/Field';
import { FormFooter } from '../ui/FormFooter';
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
      <FormFooter error={errors.form} busy={result.fetching} submitLabel="Save" busyLabel="Saving…" disabled={name.trim() === ''} onCancel={onDone} />
    </form>
  );
}
