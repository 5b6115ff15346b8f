/**
 * The inference runtime of one platform process: ONNX sessions (onnxruntime-node, CPU) of the
 * deployments it has served, loaded on first use from the internal bucket and dropped when a
 * deployment stops; activation of new deployments (PENDING → READY, or FAILED with the reason);
 * and the per-deployment request, error and latency figures for `/metrics` and the console.
 *
 * Every prediction reads the deployment's row first, so a deployment stopped through another
 * process stops answering here too; the cached session only saves loading the model again.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import ort from 'onnxruntime-node';
import { Counter, Histogram, type Registry } from 'prom-client';
import { PNG } from 'pngjs';
import type { Logger } from '../../../lib/log';
import type { Storage } from '../../../lib/s3';
import { checkpointToOnnx, readOnnxMetadata, type OnnxModelMetadata } from '../../../trainer/onnx-export';
import { pixelFeatures } from '../../../trainer/dataset';
import type { PlatformOrm } from '../db';
import { checkpointKey } from '../worker/worker.service';

export type DeploymentStatus = 'pending' | 'ready' | 'stopped' | 'failed';

export interface DeploymentRow {
  id: string;
  project_id: string;
  model_version_id: string;
  export_id: string | null;
  name: string;
  status: DeploymentStatus;
  status_reason: string | null;
  model_key: string | null;
  model_sha256: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  ready_at: Date | null;
  stopped_at: Date | null;
}

export interface InferenceLimits {
  maxImageBytes: number;
  maxImageSide: number;
  maxImages: number;
}

/** Where a new deployment's ONNX file comes from: a completed export, or the job's checkpoint (reference models). */
export type ModelSource = { kind: 'export'; key: string } | { kind: 'checkpoint'; jobId: string };

/** A refusal of the inference endpoint: a registry code (lib/errors.ts), its HTTP status and extras. */
export class InferenceError extends Error {
  constructor(
    readonly code:
      'NOT_FOUND' | 'NOT_AN_IMAGE' | 'IMAGE_TOO_LARGE' | 'IMAGE_WRONG_SIZE' | 'DEPLOYMENT_NOT_READY' | 'BAD_REQUEST' | 'UNAUTHENTICATED' | 'FORBIDDEN',
    readonly status: number,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface Prediction {
  index: number;
  /** The URL or file name the image came from. */
  source: string;
  /** Every class with its probability, most likely first. */
  classes: Array<{ label: string; score: number }>;
}

export interface DeploymentFigures {
  requestCount: number;
  errorCount: number;
  predictionCount: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
}

interface Loaded {
  session: ort.InferenceSession;
  meta: OnnxModelMetadata;
  sha256: string;
}

const LATENCY_WINDOW = 1000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export const deploymentModelKey = (deploymentId: string) => `deployments/${deploymentId}/model.onnx`;

async function readObject(storage: Storage, key: string): Promise<Buffer> {
  const object = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

/** Width and height from a PNG's IHDR, or null when the bytes are not a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export interface InferenceRuntime {
  limits: InferenceLimits;
  /** The deployment's row, or null. */
  find(id: string): Promise<DeploymentRow | null>;
  /** Make the ONNX file of a PENDING deployment, check that it loads, and mark it READY (or FAILED with the reason). */
  activate(id: string, source: ModelSource): Promise<void>;
  /** Run the model of a READY deployment on images (PNG bytes). */
  predict(deployment: DeploymentRow, images: Array<{ source: string; bytes: Buffer }>): Promise<Prediction[]>;
  /** Forget the loaded session (the deployment stopped). */
  unload(id: string): Promise<void>;
  /** Count one answered request of a deployment (`code` set when it was refused). */
  record(deploymentId: string | null, seconds: number, predictions: number, code?: string): void;
  figures(deploymentId: string): DeploymentFigures;
  /** Activations still running (tests and shutdown wait for them). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export function createInferenceRuntime(deps: {
  orm: PlatformOrm;
  internal: Storage;
  limits: InferenceLimits;
  registry: Registry;
  log: Logger;
}): InferenceRuntime {
  const { orm, internal, limits, log } = deps;
  const sessions = new Map<string, Promise<Loaded>>();
  const activations = new Set<Promise<void>>();
  const stats = new Map<string, { requests: number; errors: number; predictions: number; latencies: number[] }>();
  // The `deployment` label is a deployment id: bounded by the deployments that answered, never a caller's value
  // (an id that names no deployment is counted as `unknown`).
  const requests = new Counter({
    name: 'inference_requests_total',
    help: 'Prediction requests answered by the inference endpoint, by deployment and outcome (ok, or the error code)',
    labelNames: ['deployment', 'outcome'],
    registers: [deps.registry],
  });
  const predictions = new Counter({
    name: 'inference_predictions_total',
    help: 'Images classified by the inference endpoint, by deployment',
    labelNames: ['deployment'],
    registers: [deps.registry],
  });
  const latency = new Histogram({
    name: 'inference_request_duration_seconds',
    help: 'Time to answer a prediction request (reading the images, running the model), by deployment',
    labelNames: ['deployment'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [deps.registry],
  });

  const find = async (id: string): Promise<DeploymentRow | null> => {
    const rows = await orm.em.fork().execute<DeploymentRow[]>('select * from deployments where id = ?', [id]);
    return rows[0] ?? null;
  };

  const setStatus = async (id: string, status: DeploymentStatus, reason: string | null, extra: { modelKey?: string; sha256?: string } = {}) => {
    await orm.em.fork().execute(
      `update deployments set status = ?, status_reason = ?, model_key = coalesce(?, model_key), model_sha256 = coalesce(?, model_sha256),
           updated_at = now(), ready_at = case when ? = 'ready' then now() else ready_at end
         where id = ? and status = 'pending'`,
      [status, reason, extra.modelKey ?? null, extra.sha256 ?? null, status, id],
    );
  };

  async function open(bytes: Buffer): Promise<Loaded> {
    const meta = readOnnxMetadata(bytes);
    if (!meta) throw new Error('The ONNX file was not written by the platform’s exporter: it has no input size, colour or class names in its metadata.');
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], graphOptimizationLevel: 'all' });
    if (!session.inputNames.includes(meta.inputName) || !session.outputNames.includes(meta.outputName)) {
      await session.release();
      throw new Error(`The ONNX model has no input "${meta.inputName}" or output "${meta.outputName}".`);
    }
    return { session, meta, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  const load = (row: DeploymentRow): Promise<Loaded> => {
    let loading = sessions.get(row.id);
    if (!loading) {
      loading = (async () => open(await readObject(internal, row.model_key!)))();
      sessions.set(row.id, loading);
      loading.catch(() => sessions.delete(row.id));
    }
    return loading;
  };

  async function activateNow(id: string, source: ModelSource): Promise<void> {
    try {
      let bytes: Buffer;
      let key: string;
      if (source.kind === 'export') {
        key = source.key;
        bytes = await readObject(internal, key);
      } else {
        const checkpoint = await readObject(internal, checkpointKey(source.jobId, 'final.json')).catch(() => {
          throw new Error(`Job ${source.jobId} has no final.json checkpoint to export.`);
        });
        bytes = Buffer.from(checkpointToOnnx(checkpoint));
        key = deploymentModelKey(id);
        await internal.client.send(new PutObjectCommand({ Bucket: internal.bucket, Key: key, Body: bytes, ContentType: 'application/onnx' }));
      }
      const loaded = await open(bytes);
      sessions.set(id, Promise.resolve(loaded));
      await setStatus(
        id,
        'ready',
        `Serving ${loaded.meta.classes.length} classes from a ${loaded.meta.imageSize}×${loaded.meta.imageSize} ${loaded.meta.colour} input`,
        {
          modelKey: key,
          sha256: loaded.sha256,
        },
      );
      log.info({ deploymentId: id, key }, 'deployment ready');
    } catch (error) {
      const reason = error instanceof Error ? error.message.slice(0, 500) : 'The model could not be loaded.';
      log.warn({ deploymentId: id, err: error }, 'deployment failed');
      await setStatus(id, 'failed', reason).catch((err: unknown) => log.error({ err, deploymentId: id }, 'could not record the failure'));
    }
  }

  function featuresOf(loaded: Loaded, image: { source: string; bytes: Buffer }, index: number): number[] {
    const { meta } = loaded;
    if (image.bytes.length > limits.maxImageBytes) {
      throw new InferenceError('IMAGE_TOO_LARGE', 413, `Image ${index} is ${image.bytes.length} bytes; at most ${limits.maxImageBytes} are accepted.`, {
        index,
        max: limits.maxImageBytes,
      });
    }
    const size = pngSize(image.bytes);
    if (!size) throw new InferenceError('NOT_AN_IMAGE', 415, `Image ${index} (${image.source}) is not a PNG image.`, { index });
    const { width, height } = size;
    if (width < meta.imageSize || height < meta.imageSize || width > limits.maxImageSide || height > limits.maxImageSide) {
      throw new InferenceError(
        'IMAGE_WRONG_SIZE',
        422,
        `Image ${index} is ${width}×${height}; this model needs each side between ${meta.imageSize} and ${limits.maxImageSide} pixels.`,
        { index, width, height, min: meta.imageSize, max: limits.maxImageSide },
      );
    }
    try {
      return pixelFeatures(image.bytes, meta.imageSize, meta.colour);
    } catch {
      throw new InferenceError('NOT_AN_IMAGE', 415, `Image ${index} (${image.source}) is not a readable PNG image.`, { index });
    }
  }

  return {
    limits,
    find,
    activate(id, source) {
      const running = activateNow(id, source);
      activations.add(running);
      void running.finally(() => activations.delete(running));
      return running;
    },
    async predict(row, images) {
      const loaded = await load(row);
      const rows = images.map((image, index) => featuresOf(loaded, image, index));
      const d = rows[0]!.length;
      const input = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, d]);
      const output = await loaded.session.run({ [loaded.meta.inputName]: input });
      const probabilities = output[loaded.meta.outputName]!.data as Float32Array;
      const k = loaded.meta.classes.length;
      return images.map((image, index) => ({
        index,
        source: image.source,
        classes: loaded.meta.classes
          .map((label, c) => ({ label, score: probabilities[index * k + c]! }))
          .sort((a, b) => b.score - a.score || a.label.localeCompare(b.label)),
      }));
    },
    async unload(id) {
      const loading = sessions.get(id);
      sessions.delete(id);
      if (loading) await (await loading.catch(() => null))?.session.release();
    },
    record(deploymentId, seconds, count, code) {
      const label = deploymentId ?? 'unknown';
      requests.inc({ deployment: label, outcome: code ?? 'ok' });
      latency.observe({ deployment: label }, seconds);
      if (count > 0) predictions.inc({ deployment: label }, count);
      if (!deploymentId) return;
      let entry = stats.get(deploymentId);
      if (!entry) stats.set(deploymentId, (entry = { requests: 0, errors: 0, predictions: 0, latencies: [] }));
      entry.requests += 1;
      entry.predictions += count;
      if (code) entry.errors += 1;
      entry.latencies.push(seconds * 1000);
      if (entry.latencies.length > LATENCY_WINDOW) entry.latencies.splice(0, entry.latencies.length - LATENCY_WINDOW);
    },
    figures(deploymentId) {
      const entry = stats.get(deploymentId);
      const sorted = [...(entry?.latencies ?? [])].sort((a, b) => a - b);
      return {
        requestCount: entry?.requests ?? 0,
        errorCount: entry?.errors ?? 0,
        predictionCount: entry?.predictions ?? 0,
        latencyP50Ms: quantile(sorted, 0.5),
        latencyP99Ms: quantile(sorted, 0.99),
      };
    },
    async settle() {
      await Promise.all([...activations]);
    },
    async close() {
      await Promise.all([...activations]);
      for (const id of [...sessions.keys()]) await this.unload(id);
    },
  };
}

/** The image of a decoded PNG is only needed by tests that make one. */
export const encodePng = (width: number, height: number, rgba: (x: number, y: number) => [number, number, number]): Buffer => {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [r, g, b] = rgba(x, y);
      const i = (y * width + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = 255;
    }
  return PNG.sync.write(png);
};
