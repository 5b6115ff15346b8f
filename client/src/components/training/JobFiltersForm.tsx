/**
 * Filters of a training jobs list. Checkboxes and pickers apply at once; the name search applies
 * on Enter or "Apply", so typing does not fire a query per keystroke.
 */
import { type FormEvent } from 'react';
import { useDraft } from '../ui/use-draft';
import { JOB_STATUSES, NO_JOB_FILTERS, type JobFilterState } from './job-filters';

export interface Option {
  id: string;
  name: string;
}

interface Props {
  value: JobFilterState;
  onChange(next: JobFilterState): void;
  /** Omit to hide the picker (the project page fixes the project). */
  projects?: Option[];
  datasets: Option[];
}

/** "Any" or one of `options`; an id a shared link names but the list lacks (Labeler down, not readable) stays selectable. */
function Picker({ label, value, options, onChange }: { label: string; value: string; options: Option[]; onChange(id: string): void }) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Any</option>
        {value && !options.some((o) => o.id === value) && <option value={value}>{value}</option>}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
}

const statusLabel = (status: string) => status.charAt(0) + status.slice(1).toLowerCase();

export function JobFiltersForm({ value, onChange, projects, datasets }: Props) {
  // Back/forward changes the filters from outside; the text box follows.
  const [search, setSearch] = useDraft(value.search);

  const set = (patch: Partial<JobFilterState>) => onChange({ ...value, search, ...patch });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    set({});
  };
  const toggleStatus = (status: JobFilterState['status'][number], on: boolean) =>
    set({ status: on ? [...value.status, status] : value.status.filter((s) => s !== status) });
  const active = value.status.length > 0 || value.projectId || value.datasetId || value.mine || value.search;

  return (
    <form className="filters card" onSubmit={submit} aria-label="Job filters">
      <fieldset className="filter-statuses">
        <legend>Status</legend>
        {JOB_STATUSES.map((status) => (
          <label key={status}>
            <input type="checkbox" checked={value.status.includes(status)} onChange={(e) => toggleStatus(status, e.target.checked)} />
            {statusLabel(status)}
          </label>
        ))}
      </fieldset>
      {projects && <Picker label="Project" value={value.projectId} options={projects} onChange={(projectId) => set({ projectId })} />}
      <Picker label="Dataset" value={value.datasetId} options={datasets} onChange={(datasetId) => set({ datasetId })} />
      <label className="filter-tags">
        Job name
        <input type="search" placeholder="part of the name" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      <button type="submit" className="secondary">
        Apply
      </button>
      <label className="filter-mine">
        <input type="checkbox" checked={value.mine} onChange={(e) => set({ mine: e.target.checked })} />
        Only mine
      </label>
      {active && (
        <button type="button" className="link-button" onClick={() => onChange(NO_JOB_FILTERS)}>
          Clear filters
        </button>
      )}
    </form>
  );
}
