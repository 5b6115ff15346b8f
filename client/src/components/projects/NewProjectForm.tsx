/** Create a project (the caller becomes its owner); the server's field errors appear beside each input. */
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { Field } from '../ui/Field';
import { fieldError, readFormErrors } from '../ui/form-errors';
import { navigate } from '../navigation';
import { FormFooter } from '../ui/FormFooter';

const CreateProjectMutation = graphql(`
  mutation CreateProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      id
      name
    }
  }
`);

export function NewProjectForm({ onCancel }: { onCancel(): void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [state, create] = useMutation(CreateProjectMutation);
  const errors = readFormErrors(state.error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await create({ input: { name, description: description.trim() || null } });
    const project = result.data?.createProject;
    if (project) navigate(`/projects/${encodeURIComponent(project.id)}`);
  }

  return (
    <form className="card form inline-form" onSubmit={submit} aria-labelledby="new-project-title" noValidate>
      <h2 id="new-project-title">New project</h2>
      <Field label="Project name" value={name} onChange={setName} error={fieldError(errors, 'name')} autoFocus />
      <Field label="Description" value={description} onChange={setDescription} error={fieldError(errors, 'description')} />
      <FormFooter error={errors.form} busy={state.fetching} submitLabel="Create project" onCancel={onCancel} />
    </form>
  );
}
