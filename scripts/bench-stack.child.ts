/**
 * Entry of the child process `startStackProcess` (bench-harness) forks: `startStack(argv[2])`
 * here, its URLs back over IPC once ready, then answers the parent's questions (the Labeler's
 * counters, a login). Stops on SIGTERM or when the parent goes away.
 */
import { stopWithParent } from '../lib/process';
import { answerParent } from './bench-ipc';
import { startStack, type Stack, type StackOptions } from '../test/harness/stack';
import { quietKnownWarnings } from './stack/output';

export interface StackChildReady {
  type: 'ready';
  stack: Pick<Stack, 'graphqlUrl' | 'gatewayUrl' | 'urls' | 'dbUrls' | 'userIds' | 'datasetIds' | 'labelerServiceKey'>;
}
/** What the parent may ask: the Labeler's counters now, or a token for a seeded user. */
export type StackChildAsk = { type: 'stats' } | { type: 'login'; email: string };

quietKnownWarnings();
const stack = await startStack(JSON.parse(process.argv[2] ?? '{}') as StackOptions);
const { graphqlUrl, gatewayUrl, urls, dbUrls, userIds, datasetIds, labelerServiceKey } = stack;
answerParent<StackChildAsk>(
  { stack: { graphqlUrl, gatewayUrl, urls, dbUrls, userIds, datasetIds, labelerServiceKey } } satisfies Omit<StackChildReady, 'type'>,
  (question) => (question.type === 'stats' ? { ...stack.labeler.stats } : stack.login(question.email)),
);

stopWithParent(() => stack.close());
