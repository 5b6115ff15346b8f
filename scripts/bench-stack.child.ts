/**
 * Entry of the child process `startStackProcess` (bench-harness) forks: `startStack(argv[2])`
 * here, its URLs back over IPC once ready, then answers the parent's questions (the Labeler's
 * counters, a login). Stops on SIGTERM or when the parent goes away.
 */
import { stopWithParent } from '../lib/process';
import { startStack, type Stack, type StackOptions } from '../test/harness/stack';
import { quietKnownWarnings } from './stack/output';

export interface StackChildReady {
  type: 'ready';
  stack: Pick<Stack, 'graphqlUrl' | 'gatewayUrl' | 'urls' | 'dbUrls' | 'userIds' | 'datasetIds' | 'labelerServiceKey'>;
}
/** What the parent may ask: the Labeler's counters now, or a token for a seeded user. */
export type StackChildAsk = { type: 'stats' } | { type: 'login'; email: string };
export type StackChildQuestion = StackChildAsk & { id: number };
export interface StackChildAnswer {
  type: 'answer';
  id: number;
  value?: unknown;
  error?: string;
}

quietKnownWarnings();
const stack = await startStack(JSON.parse(process.argv[2] ?? '{}') as StackOptions);
const { graphqlUrl, gatewayUrl, urls, dbUrls, userIds, datasetIds, labelerServiceKey } = stack;
process.send?.({ type: 'ready', stack: { graphqlUrl, gatewayUrl, urls, dbUrls, userIds, datasetIds, labelerServiceKey } } satisfies StackChildReady);

process.on('message', (question: StackChildQuestion) => {
  const answer = (value: unknown, error?: string) => process.send?.({ type: 'answer', id: question.id, value, error } satisfies StackChildAnswer);
  if (question.type === 'stats') answer({ ...stack.labeler.stats });
  else if (question.type === 'login')
    stack.login(question.email).then(
      (token) => answer(token),
      (error: Error) => answer(undefined, error.message),
    );
});

stopWithParent(() => stack.close());
