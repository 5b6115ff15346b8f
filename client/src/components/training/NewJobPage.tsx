/**
 * Create a training job: project, dataset (from the Labeler, through the datasets subgraph),
 * framework, task, model, and the Basic / Advanced configuration generated from
 * `trainingConfigSchema`. The server validates; its field errors appear beside each input.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { UserRole } from '../../gql/graphql';
import { Link, navigate } from '../navigation';
import { advancedOptionsDenial, createJobDenial } from '../roles';
import { GuardedButton } from '../ui/GuardedButton';
import { useSearch } from '../datasets/use-search';
import { configJson, labelOf, parseConfigSchema, type ConfigField } from './config-fields';
import { useDocumentTitle } from '../use-document-title';

/** Projects and datasets to pick from; the jobs list's filters use it too (one cached answer). */
export const NewJobOptionsQuery = graphql(`
  query NewJobOptions {
    projects(first: 100) {
      nodes {
        id
        name
        viewerCanCreateJobs
      }
    }
    datasets(first: 100) {
      nodes {
        id
        name
        labeled
        numImages
      }
    }
  }
`);

// The experiments of the chosen project, for the optional experiment picker.
const NewJobExperimentsQuery = graphql(`
  query NewJobExperiments($projectId: ID!) {
    project(id: $projectId) {
      id
      experiments {
        id
        name
      }
    }
  }
`);

// The server's list, so the form offers exactly the frameworks and tasks `createTrainingJob` accepts.
const TrainingFrameworksQuery = graphql(`
  query TrainingFrameworks {
    trainingFrameworks {
      name
      tasks
    }
  }
`);

const ConfigSchemaQuery = graphql(`
  query TrainingConfigSchema($framework: String!, $task: String!) {
    trainingConfigSchema(framework: $framework, task: $task)
  }
`);

const CreateJobMutation = graphql(`
  mutation CreateTrainingJob($input: CreateTrainingJobInput!) {
    createTrainingJob(input: $input) {
      id
    }
  }
`);

function FieldInput({
  field,
  value,
  error,
  disabled,
  onChange,
}: {
  field: ConfigField;
  value: string;
  error?: string;
  disabled?: boolean;
  onChange(v: string): void;
}) {
  const id = `config-${field.name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{labelOf(field.name)}</label>
      {field.kind === 'enum' || field.kind === 'boolean' ? (
        <select id={id} value={value || field.defaultValue} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
          {(field.kind === 'boolean' ? ['false', 'true'] : field.options).map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type="number"
          step={field.kind === 'integer' ? 1 : 'any'}
          min={field.min}
          max={field.max}
          placeholder={field.defaultValue}
          value={value}
          disabled={disabled}
          aria-invalid={!!error}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {error && (
        <span id={`${id}-error`} className="field-error" data-testid="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

export function NewJobPage({ role }: { role: UserRole }) {
  useDocumentTitle('New training job');
  const [{ data: options, error: optionsError }] = useQuery({ query: NewJobOptionsQuery });
  const [{ data: frameworkData }] = useQuery({ query: TrainingFrameworksQuery });
  const frameworks = frameworkData?.trainingFrameworks ?? [];
  // Until the user picks, the first framework and its first task (the server's defaults).
  const [picked, setPicked] = useState({ framework: '', task: '' });
  const framework = picked.framework || frameworks[0]?.name || '';
  const tasks = frameworks.find((f) => f.name === framework)?.tasks ?? [];
  const task = picked.task || tasks[0] || '';
  const [{ data: schemaData }] = useQuery({ query: ConfigSchemaQuery, variables: { framework, task }, pause: !framework || !task });
  const schema = useMemo(() => parseConfigSchema(schemaData?.trainingConfigSchema), [schemaData]);
  // `?projectId=…&experimentId=…` (links from a project or experiment page) preselect both.
  const search = useSearch();
  const [form, setForm] = useState(() => ({
    name: '',
    projectId: search.get('projectId') ?? '',
    experimentId: search.get('experimentId') ?? '',
    datasetId: '',
    model: '',
  }));
  const [values, setValues] = useState<Record<string, string>>({});
  const [tab, setTab] = useState<'basic' | 'advanced'>('basic');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [{ fetching }, create] = useMutation(CreateJobMutation);
  const advancedDenial = advancedOptionsDenial(role);

  // Only projects where the caller is an owner or member: a viewer's job would be refused.
  const projects = (options?.projects.nodes ?? []).filter((p) => p.viewerCanCreateJobs);
  const datasets = options?.datasets.nodes ?? [];
  const projectId = form.projectId || projects[0]?.id || '';
  const [{ data: experimentData }] = useQuery({ query: NewJobExperimentsQuery, variables: { projectId }, pause: !projectId });
  const experiments = experimentData?.project?.id === projectId ? experimentData.project.experiments : [];
  const datasetId = form.datasetId || datasets.find((d) => d.labeled)?.id || '';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setMessage(null);
    // Below the Advanced engineer role the Advanced options stay at their defaults (nothing is sent for them).
    const fields = [...(schema?.basic ?? []), ...(advancedDenial ? [] : (schema?.advanced ?? []))];
    const result = await create({
      input: {
        projectId,
        datasetId,
        name: form.name,
        framework,
        task,
        model: form.model || null,
        config: configJson(fields, values),
        experimentId: form.experimentId || null,
      },
    });
    const job = result.data?.createTrainingJob;
    if (job) return navigate(`/jobs/${job.id}`);
    const first = result.error?.graphQLErrors[0];
    const fieldErrors = (first?.extensions?.fields ?? {}) as Record<string, string>;
    const count = Object.keys(fieldErrors).length;
    setErrors(Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [k.replace(/^config\./, ''), v])));
    // Each field says what it must be; the summary counts them in words (the API's message names `config.…` keys).
    setMessage(
      count > 0
        ? `${count} ${count === 1 ? 'setting needs' : 'settings need'} a change: each marked field says what it must be.`
        : (first?.message ?? result.error?.message ?? 'Could not create the job.'),
    );
    const inAdvanced = (k: string) => schema?.advanced.some((f) => `config.${f.name}` === k);
    const keys = Object.keys(fieldErrors);
    if (keys.some(inAdvanced) && !keys.some((k) => !inAdvanced(k))) setTab('advanced');
  }

  const shown = tab === 'basic' ? (schema?.basic ?? []) : (schema?.advanced ?? []);
  /** How many fields of a tab an answer marked, so a mistake on the other tab is not missed. */
  const marked = (fields: readonly { name: string }[] | undefined) => (fields ?? []).filter((f) => errors[f.name]).length;
  const toFix = { basic: marked(schema?.basic), advanced: marked(schema?.advanced) };
  return (
    <form className="card form new-job" onSubmit={submit} aria-labelledby="new-job-title" noValidate>
      <h1 id="new-job-title">New training job</h1>
      {optionsError && (
        <p className="error" role="alert">
          Could not load projects or datasets: {optionsError.message}
        </p>
      )}
      <div className="field">
        <label htmlFor="job-name">Name</label>
        <input id="job-name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} aria-invalid={!!errors.name} />
        {errors.name && <span className="field-error">{errors.name}</span>}
      </div>
      <div className="field">
        <label htmlFor="job-project">Project</label>
        <select id="job-project" value={projectId} onChange={(e) => setForm({ ...form, projectId: e.target.value, experimentId: '' })}>
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        {options && projects.length === 0 && (
          <span className="field-error" role="status">
            You are not an owner or member of any project. <Link to="/projects">Create a project</Link> or ask a project owner to add you.
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor="job-experiment">Experiment (optional)</label>
        <select id="job-experiment" value={form.experimentId} onChange={(e) => setForm({ ...form, experimentId: e.target.value })}>
          <option value="">None</option>
          {experiments.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
        {errors.experimentId && <span className="field-error">{errors.experimentId}</span>}
      </div>
      <div className="field">
        <label htmlFor="job-dataset">Dataset</label>
        <select id="job-dataset" value={datasetId} onChange={(e) => setForm({ ...form, datasetId: e.target.value })}>
          {datasets.map((d) => (
            // Shown, so nobody wonders where it went, but not choosable: there is nothing to learn from it yet.
            <option key={d.id} value={d.id} disabled={!d.labeled}>
              {d.name} ({d.numImages} images{d.labeled ? '' : ', unlabeled: label it in the Labeler first'})
            </option>
          ))}
        </select>
        {errors.datasetId && <span className="field-error">{errors.datasetId}</span>}
      </div>
      <div className="field">
        <label htmlFor="job-framework">Framework</label>
        <select
          id="job-framework"
          value={framework}
          onChange={(e) => {
            setPicked({ framework: e.target.value, task: '' });
            setValues({});
            setForm({ ...form, model: '' });
          }}
        >
          {frameworks.map((f) => (
            <option key={f.name}>{f.name}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="job-task">Task</label>
        <select id="job-task" value={task} onChange={(e) => setPicked({ framework, task: e.target.value })}>
          {tasks.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="job-model">Model</label>
        <select id="job-model" value={form.model || schema?.models[0] || ''} onChange={(e) => setForm({ ...form, model: e.target.value })}>
          {(schema?.models ?? []).map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        {errors.model && <span className="field-error">{errors.model}</span>}
      </div>
      <div role="tablist" aria-label="Configuration" className="tabs">
        {(['basic', 'advanced'] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? '' : 'secondary'} onClick={() => setTab(t)}>
            {t === 'basic' ? 'Basic' : 'Advanced'}
            {toFix[t] > 0 && ` (${toFix[t]} to fix)`}
          </button>
        ))}
      </div>
      <div role="tabpanel" className="config-fields">
        {tab === 'advanced' && advancedDenial && (
          <p className="muted" role="note" data-testid="advanced-denial">
            {advancedDenial}
          </p>
        )}
        {shown.map((field) => (
          <FieldInput
            key={field.name}
            field={field}
            value={values[field.name] ?? ''}
            error={errors[field.name]}
            disabled={tab === 'advanced' && !!advancedDenial}
            onChange={(v) => setValues({ ...values, [field.name]: v })}
          />
        ))}
      </div>
      {message && (
        <p className="error" role="alert">
          {message}
        </p>
      )}
      <div className="form-actions">
        <GuardedButton type="submit" denial={createJobDenial(role)} disabled={fetching || !projectId || !datasetId}>
          {fetching ? 'Creating (snapshotting the dataset)…' : 'Create job'}
        </GuardedButton>
      </div>
    </form>
  );
}
