/** One dataset in the browser's table; the name links to its detail page. */
import { graphql, useFragment, type FragmentType } from '../../gql';
import { Link } from '../navigation';
import { LabeledBadge, VisibilityBadge } from './DatasetBadges';

export const DatasetRowFragment = graphql(`
  fragment DatasetRow_dataset on Dataset {
    id
    name
    format
    labeled
    visibility
    numImages
    numClasses
    tags
    owner {
      id
      email
    }
  }
`);

export function DatasetRow(props: { dataset: FragmentType<typeof DatasetRowFragment> }) {
  const dataset = useFragment(DatasetRowFragment, props.dataset);
  return (
    <tr data-testid="dataset-row" data-dataset-id={dataset.id}>
      <th scope="row" className="job-name">
        <span data-testid="dataset-name">
          <Link to={`/datasets/${encodeURIComponent(dataset.id)}`}>{dataset.name}</Link>
        </span>
        {dataset.tags.length > 0 && (
          <div className="tag-list small">
            {dataset.tags.map((tag) => (
              <span key={tag} className="tag">
                {tag}
              </span>
            ))}
          </div>
        )}
      </th>
      <td data-testid="dataset-format">{dataset.format.toUpperCase()}</td>
      <td>
        <LabeledBadge labeled={dataset.labeled} />
      </td>
      <td>
        <VisibilityBadge visibility={dataset.visibility} />
      </td>
      <td className="numeric" data-testid="dataset-images">
        {dataset.numImages}
      </td>
      <td className="numeric" data-testid="dataset-classes">
        {dataset.numClasses}
      </td>
      <td data-testid="dataset-owner">{dataset.owner?.email ?? <span className="muted">—</span>}</td>
    </tr>
  );
}
