/** Star or unstar an experiment for yourself; shows how many users starred it. */
import { useMutation } from 'urql';
import { graphql } from '../../gql';

const StarExperimentMutation = graphql(`
  mutation StarExperiment($id: ID!, $starred: Boolean!) {
    starExperiment(id: $id, starred: $starred) {
      id
      starredByMe
      starCount
    }
  }
`);

interface StarButtonProps {
  experiment: { id: string; name: string; starredByMe: boolean; starCount: number };
}

export function StarButton({ experiment }: StarButtonProps) {
  const [state, star] = useMutation(StarExperimentMutation);
  // The answer is newer than the page's data until the page refetches (urql invalidates it).
  const latest = state.data?.starExperiment;
  const { starredByMe, starCount } = latest && latest.id === experiment.id && !state.stale ? latest : experiment;
  return (
    <span className="star">
      <button
        type="button"
        className={`secondary star-button${starredByMe ? ' starred' : ''}`}
        aria-pressed={starredByMe}
        aria-label={`Star ${experiment.name}`}
        title={starredByMe ? 'Unstar' : 'Star'}
        disabled={state.fetching}
        onClick={() => void star({ id: experiment.id, starred: !starredByMe })}
      >
        <span aria-hidden="true">{starredByMe ? '★' : '☆'}</span> <span data-testid="star-count">{starCount}</span>
      </button>
      {state.error && (
        <span className="error small" role="alert">
          {state.error.graphQLErrors[0]?.message ?? 'Could not star the experiment.'}
        </span>
      )}
    </span>
  );
}
