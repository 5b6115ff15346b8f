/** Create an experiment in a project; a taken name (CONFLICT) is shown beside the name input. */
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { Field } from '../ui/Field';
import { fieldError, readFormErrors } from '../ui/form-errors';
import { FormFooter } from '../ui/FormFooter';

const CreateExperimentMutation = graphql(`
  mutation CreateExperiment($input: CreateExperimentInput!) {
    createExperiment(input: $input) {
      id
      name
      project {
        id
      }
    }
  }
`);

export function NewExperimentForm({ projectId, onDone }: { projectId: string; onDone(): void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [state, create] = useMutation(CreateExperimentMutation);
  const errors = readFormErrors(state.error);
  const conflict = state.error?.graphQLErrors.find((e) => e.extensions?.code === 'CONFLICT');
  const nameError = fieldError(errors, 'name') ?? conflict?.message ?? null;
  const formError = conflict ? null : errors.form;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await create({ input: { projectId, name, description: description.trim() || null } });
    if (result.data?.createExperiment) onDone();
  }

  return (
    <form className="card form inline-form" onSubmit={submit} aria-labelledby="new-experiment-title" noValidate>
      <h2 id="new-experiment-title">New experiment</h2>
      <Field label="Experiment name" value={name} onChange={setName} error={nameError} autoFocus />
      <Field label="Experiment description" value={description} onChange={setDescription} error={fieldError(errors, 'description')} />
      <FormFooter error={formError} busy={state.fetching} submitLabel="Create experiment" onCancel={onDone} />
    </form>
  );
}
