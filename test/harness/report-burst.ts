/**
 * Stores progress reports for a job the way another platform replica would (the worker service on
 * its own ORM), one transaction and NOTIFY each, then exits. Run with `execFileSync` by tests that
 * need several reports committed while their own process (gateway and subgraphs) cannot run:
 *   node --import tsx/esm test/harness/report-burst.ts <platform db url> <job id> <worker id> <first> <last> <total>
 * Report i says epoch i of `total`, percent 100 × i / total.
 */
import { createPlatformOrm } from '../../subgraphs/platform/db';
import { createWorkerService } from '../../subgraphs/platform/worker/worker.service';
import { createStorage } from '../../lib/s3';

const [url, jobId, workerId, first, last, total] = process.argv.slice(2);
if (!url || !jobId || !workerId || !first || !last || !total) throw new Error('usage: report-burst.ts <db url> <job id> <worker id> <first> <last> <total>');
const orm = await createPlatformOrm(url);
try {
  // No checkpoints are registered: the bucket is never reached.
  const internal = createStorage({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', bucket: 'unused', accessKeyId: 'x', secretAccessKey: 'x' });
  for (let i = Number(first); i <= Number(last); i++) {
    const worker = createWorkerService({ em: orm.em.fork(), internal, presignExpiresSeconds: 60 });
    await worker.recordEvents(jobId, workerId, { progress: { epoch: i, totalEpochs: Number(total), percent: (100 * i) / Number(total) } }, 60);
  }
} finally {
  await orm.close(true);
}
