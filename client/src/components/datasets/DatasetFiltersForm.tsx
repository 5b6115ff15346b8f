/**
 * Filters for the dataset browser. Selects and "mine" apply at once; tags apply on Enter or
 * "Apply", so typing does not fire a query per keystroke.
 */
import { type FormEvent } from 'react';
import { useDraft } from '../ui/use-draft';
import { FORMAT_OPTIONS, VISIBILITY_OPTIONS, type FilterState } from './filters';

interface Props {
  value: FilterState;
  onChange(next: FilterState): void;
}

export const NO_FILTERS: FilterState = { visibility: '', labeled: '', format: '', tags: '', mine: false };

export function DatasetFiltersForm({ value, onChange }: Props) {
  // Back/forward changes the filters from outside; the text box follows.
  const [tags, setTags] = useDraft(value.tags);

  const set = (patch: Partial<FilterState>) => onChange({ ...value, tags, ...patch });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    set({});
  };
  const active = value.visibility || value.labeled || value.format || value.tags || value.mine;

  return (
    <form className="filters card" onSubmit={submit} aria-label="Dataset filters">
      <label>
        Visibility
        <select name="visibility" value={value.visibility} onChange={(e) => set({ visibility: e.target.value })}>
          <option value="">Any</option>
          {VISIBILITY_OPTIONS.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </label>
      <label>
        Labeled
        <select name="labeled" value={value.labeled} onChange={(e) => set({ labeled: e.target.value })}>
          <option value="">Any</option>
          <option value="true">Labeled</option>
          <option value="false">Not labeled</option>
        </select>
      </label>
      <label>
        Format
        <select name="format" value={value.format} onChange={(e) => set({ format: e.target.value })}>
          <option value="">Any</option>
          {FORMAT_OPTIONS.map((f) => (
            <option key={f} value={f}>
              {f.toUpperCase()}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-tags">
        Tags
        <input name="tags" type="search" placeholder="e.g. shapes, detection" value={tags} onChange={(e) => setTags(e.target.value)} />
      </label>
      <button type="submit" className="secondary">
        Apply
      </button>
      <label className="filter-mine">
        <input type="checkbox" name="mine" checked={value.mine} onChange={(e) => set({ mine: e.target.checked })} />
        Only mine
      </label>
      {active && (
        <button type="button" className="link-button" onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </button>
      )}
    </form>
  );
}
