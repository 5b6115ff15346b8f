/** A job's progress bar with its epoch count: the same on the jobs list and the job page. */
import { graphql, useFragment, type FragmentType } from '../../gql';
import { ProgressBar } from '../ui/ProgressBar';

export const JobProgressFragment = graphql(`
  fragment JobProgress_job on TrainingJob {
    progress
    epoch
    totalEpochs
  }
`);

export function JobProgress(props: { job: FragmentType<typeof JobProgressFragment>; label: string }) {
  const { progress, epoch, totalEpochs } = useFragment(JobProgressFragment, props.job);
  return <ProgressBar value={progress} label={props.label} detail={totalEpochs > 0 ? `epoch ${epoch}/${totalEpochs}` : null} />;
}
