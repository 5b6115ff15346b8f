/**
 * What the reference trainer does besides training: export a registered version of its softmax
 * model to ONNX (trainer/onnx-export.ts) and run batch inference jobs over a dataset snapshot. Both
 * start from the training job's `final.json` weights; each uploads one file and completes. Options
 * the reference model cannot honour fail the job with a reason instead of producing something else.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../lib/log';
import type { ClaimedExport, ClaimedInferenceJob, ClaimedModelVersion } from '../lib/worker-protocol';
import { downloadAll, pixelFeatures } from './dataset';
import { checkpointToOnnx, ONNX_OPSET, type SoftmaxCheckpoint } from './onnx-export';
import { normalise, probabilities } from './softmax';
import type { WorkerClient } from './worker-client';

/** The export formats the reference trainer produces (for `reference` models). */
export const REFERENCE_EXPORT_FORMATS = ['onnx'] as const;

/** The weights of the version's training job (`final.json`). */
async function loadCheckpoint(version: ClaimedModelVersion): Promise<{ bytes: Buffer; checkpoint: SoftmaxCheckpoint }> {
  const final = version.artifacts.find((file) => file.name === 'final.json');
  if (!final) throw new Error(`Training job ${version.jobId} has no final.json weights to start from.`);
  const res = await fetch(final.url);
  if (!res.ok) throw new Error(`Downloading final.json answered ${res.status}.`);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { bytes, checkpoint: JSON.parse(bytes.toString('utf8')) as SoftmaxCheckpoint };
}

/** Export to ONNX; returns the file's SHA-256. */
export async function runExport(client: WorkerClient, job: ClaimedExport, log: Logger): Promise<string> {
  if (job.format !== 'onnx') throw new Error(`The reference trainer exports ONNX only, not ${job.format.toUpperCase()}.`);
  const { bytes, checkpoint } = await loadCheckpoint(job.modelVersion);
  const { opset, precision, inputSize } = job.options;
  if (opset !== undefined && opset !== ONNX_OPSET) {
    throw new Error(`The reference model's ONNX graph is written for opset ${ONNX_OPSET}; ask for opset ${ONNX_OPSET} or leave it out.`);
  }
  if (precision !== undefined && precision !== 'fp32') throw new Error(`The reference model exports FP32 only, not ${precision.toUpperCase()}.`);
  if (inputSize !== undefined && inputSize !== checkpoint.input.imageSize) {
    throw new Error(
      `The reference model was trained on a ${checkpoint.input.imageSize}×${checkpoint.input.imageSize} grid; input size ${inputSize} would need retraining.`,
    );
  }
  await client.modelJobHeartbeat('exports', job.id, 30);
  const onnx = checkpointToOnnx(bytes);
  const sha256 = createHash('sha256').update(onnx).digest('hex');
  await client.modelJobHeartbeat('exports', job.id, 60);
  await client.uploadModelJobFile('exports', job.id, onnx, 'application/octet-stream');
  log.info({ exportId: job.id, bytes: onnx.length, sha256 }, 'exported to ONNX');
  return sha256;
}

/** One prediction of an inference job's results file. */
export interface Prediction {
  key: string;
  label: string;
  scores: Record<string, number>;
}

/** Predict every PNG image of the snapshot; returns how many. */
export async function runInference(client: WorkerClient, job: ClaimedInferenceJob, log: Logger): Promise<number> {
  const { checkpoint } = await loadCheckpoint(job.modelVersion);
  const images = job.snapshot.objects.filter((object) => /\.png$/i.test(object.key));
  await client.modelJobHeartbeat('inference-jobs', job.id, 5);
  const files = await downloadAll(images);
  const predictions: Prediction[] = [];
  for (const image of images) {
    const x = normalise(pixelFeatures(files.get(image.key)!, checkpoint.input.imageSize, checkpoint.input.colour), checkpoint.normaliser);
    const p = probabilities(checkpoint, x);
    const best = p.indexOf(Math.max(...p));
    predictions.push({ key: image.key, label: checkpoint.classes[best]!, scores: Object.fromEntries(checkpoint.classes.map((c, i) => [c, p[i]!])) });
  }
  const body = Buffer.from(
    JSON.stringify({
      inferenceJobId: job.id,
      modelVersionId: job.modelVersion.id,
      snapshotId: job.snapshot.id,
      classes: checkpoint.classes,
      predictions,
    }),
  );
  await client.modelJobHeartbeat('inference-jobs', job.id, 90);
  await client.uploadModelJobFile('inference-jobs', job.id, body, 'application/json');
  log.info({ inferenceJobId: job.id, predictions: predictions.length }, 'inference job done');
  return predictions.length;
}
