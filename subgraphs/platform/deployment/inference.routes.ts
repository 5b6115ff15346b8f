/**
 * `POST /inference/v1/deployments/{id}/predict`: classify images with a deployment's model.
 *
 * Body: `multipart/form-data` with one or more image files (any field name), or JSON
 * `{ "images": ["https://…", …] }` naming images by URL; only URLs on the platform's own buckets
 * (presigned GET URLs) are fetched, so the endpoint cannot be used to reach other hosts.
 * Credentials: `Authorization: Bearer <API access token>` of a caller who can see the deployment's
 * project, or a key of the deployment (`Authorization: Bearer vpk_…` or `X-API-Key: vpk_…`).
 * Answers `{ deploymentId, modelVersionId, predictions: [{ index, source, classes: [{ label, score }] }] }`;
 * refusals are `{ errors: [{ message, extensions: { code, … } }] }` with the code's status.
 */
import { createHash } from 'node:crypto';
import busboy from 'busboy';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { AccountStatus } from '../../../lib/account-status';
import type { JwtSettings } from '../../../lib/auth';
import { databaseFailureOf, DATABASE_FAILURE_MESSAGE } from '../../../lib/db-errors';
import type { Logger } from '../../../lib/log';
import { resolveCaller } from '../../../lib/subgraph';
import type { MembershipStore } from '../project/project-access';
import { createProjectAccess } from '../project/project-access';
import type { PlatformOrm } from '../db';
import { InferenceError, type DeploymentRow, type InferenceRuntime } from './runtime';

export const INFERENCE_PREFIX = '/inference/v1';
export const API_KEY_PREFIX = 'vpk_';
export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

interface Image {
  source: string;
  bytes: Buffer;
}

const refuse = (res: Response, error: InferenceError) =>
  res.status(error.status).json({ errors: [{ message: error.message, extensions: { code: error.code, ...error.extensions } }] });

/** Read every file of a multipart body, refusing one over the size limit as soon as it passes it. */
function readMultipart(req: Request, maxBytes: number, maxImages: number): Promise<Image[]> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: maxBytes, files: maxImages, fields: 10 } });
    } catch {
      return reject(new InferenceError('BAD_REQUEST', 400, 'The multipart body has no boundary.'));
    }
    const images: Promise<Image>[] = [];
    let failed: InferenceError | null = null;
    parser.on('file', (_field, stream, info) => {
      const index = images.length;
      images.push(
        new Promise((done) => {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('limit', () => {
            failed ??= new InferenceError('IMAGE_TOO_LARGE', 413, `Image ${index} is over ${maxBytes} bytes.`, { index, max: maxBytes });
          });
          stream.on('end', () => done({ source: info.filename || `image-${index}`, bytes: Buffer.concat(chunks) }));
        }),
      );
    });
    parser.on('filesLimit', () => {
      failed ??= new InferenceError('BAD_REQUEST', 400, `At most ${maxImages} images per request.`, { max: maxImages });
    });
    parser.on('error', () => reject(new InferenceError('BAD_REQUEST', 400, 'The multipart body is malformed.')));
    parser.on('close', () => {
      void Promise.all(images).then((all) => {
        if (failed) reject(failed);
        else if (all.length === 0) reject(new InferenceError('BAD_REQUEST', 400, 'The body has no image file.'));
        else resolve(all);
      });
    });
    req.pipe(parser);
  });
}

/** Download images named by URL; only the platform's bucket origins are allowed. */
async function readUrls(body: unknown, allowedOrigins: Set<string>, maxBytes: number, maxImages: number): Promise<Image[]> {
  const urls = (body as { images?: unknown } | null)?.images;
  if (!Array.isArray(urls) || urls.length === 0 || !urls.every((u) => typeof u === 'string')) {
    throw new InferenceError('BAD_REQUEST', 400, 'Send {"images": ["https://…"]}: a non-empty list of image URLs.');
  }
  if (urls.length > maxImages) throw new InferenceError('BAD_REQUEST', 400, `At most ${maxImages} images per request.`, { max: maxImages });
  return Promise.all(
    (urls as string[]).map(async (url, index): Promise<Image> => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new InferenceError('BAD_REQUEST', 400, `images.${index} is not a URL.`, { index });
      }
      if (!allowedOrigins.has(parsed.origin)) {
        throw new InferenceError('BAD_REQUEST', 400, `images.${index}: only URLs of the platform's buckets (presigned GET URLs) are fetched.`, { index });
      }
      // Signed by the platform for someone (SigV4 in the query): never an unsigned read the store might serve.
      if (!parsed.searchParams.has('X-Amz-Signature') || !parsed.searchParams.has('X-Amz-Credential')) {
        throw new InferenceError(
          'BAD_REQUEST',
          400,
          `images.${index}: only presigned GET URLs of the platform's buckets are fetched; this one carries no signature.`,
          {
            index,
          },
        );
      }
      const res = await fetch(parsed, { signal: AbortSignal.timeout(15_000), redirect: 'error' }).catch(() => null);
      if (!res?.ok) throw new InferenceError('BAD_REQUEST', 400, `images.${index} could not be downloaded (${res ? res.status : 'no answer'}).`, { index });
      const declared = Number(res.headers.get('content-length') ?? 0);
      if (declared > maxBytes) {
        await res.body?.cancel();
        throw new InferenceError('IMAGE_TOO_LARGE', 413, `Image ${index} is ${declared} bytes; at most ${maxBytes} are accepted.`, { index, max: maxBytes });
      }
      return { source: parsed.origin + parsed.pathname, bytes: Buffer.from(await res.arrayBuffer()) };
    }),
  );
}

export function createInferenceRouter(deps: {
  orm: PlatformOrm;
  runtime: InferenceRuntime;
  jwt: JwtSettings;
  accounts: AccountStatus;
  memberships: MembershipStore;
  /** Origins of the URLs the endpoint may download images from (the buckets' presigned URLs). */
  allowedOrigins: string[];
  log: Logger;
}): Router {
  const { runtime } = deps;
  const router = express.Router();
  const origins = new Set(deps.allowedOrigins);

  /** The deployment's key, or the caller's token letting them see its project; throws otherwise. */
  async function authorize(req: Request, deployment: DeploymentRow): Promise<void> {
    const header = req.headers.authorization;
    const apiKey =
      (typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : null) ??
      (header?.startsWith(`Bearer ${API_KEY_PREFIX}`) ? header.slice(7) : null);
    if (apiKey) {
      const rows = await deps.orm.em
        .fork()
        .execute<{ id: string }[]>(
          `update deployment_api_keys set last_used_at = now() where key_hash = ? and deployment_id = ? and revoked_at is null returning id`,
          [hashApiKey(apiKey.trim()), deployment.id],
        );
      if (rows.length === 0) throw new InferenceError('UNAUTHENTICATED', 401, 'The API key is not a key of this deployment, or it was revoked.');
      return;
    }
    if (!header) throw new InferenceError('UNAUTHENTICATED', 401, 'Send Authorization: Bearer <access token> or X-API-Key: <deployment key>.');
    const user = await resolveCaller(header, deps.jwt, deps.accounts).catch(() => {
      throw new InferenceError('UNAUTHENTICATED', 401, 'The access token is invalid or has expired.');
    });
    if (!user) throw new InferenceError('UNAUTHENTICATED', 401, 'Send Authorization: Bearer <access token> or X-API-Key: <deployment key>.');
    const [project] = await deps.orm.em
      .fork()
      .execute<{ id: string; owner_id: string }[]>('select id, owner_id from projects where id = ?', [deployment.project_id]);
    const role = project ? await createProjectAccess(deps.memberships, user).roleIn({ id: project.id, ownerId: project.owner_id }) : null;
    // Not a member: the deployment is as invisible as its project.
    if (!role) throw new InferenceError('NOT_FOUND', 404, `Deployment ${deployment.id} does not exist.`, { id: deployment.id });
  }

  router.post('/deployments/:id/predict', express.json({ limit: '64kb' }), async (req: Request<{ id: string }>, res: Response) => {
    const started = process.hrtime.bigint();
    let known: string | null = null;
    let count = 0;
    let code: string | undefined;
    try {
      const deployment = /^dep_[0-9a-f]{16}$/.test(req.params.id) ? await runtime.find(req.params.id) : null;
      if (!deployment) throw new InferenceError('NOT_FOUND', 404, `Deployment ${req.params.id} does not exist.`, { id: req.params.id });
      await authorize(req, deployment);
      known = deployment.id;
      if (deployment.status !== 'ready') {
        throw new InferenceError(
          'DEPLOYMENT_NOT_READY',
          409,
          deployment.status === 'stopped'
            ? `Deployment ${deployment.id} was stopped; it no longer serves predictions.`
            : deployment.status === 'failed'
              ? `Deployment ${deployment.id} failed: ${deployment.status_reason ?? 'the model could not be loaded'}.`
              : `Deployment ${deployment.id} is still starting; try again in a moment.`,
          { status: deployment.status.toUpperCase() },
        );
      }
      const type = req.headers['content-type'] ?? '';
      const images = type.startsWith('multipart/form-data')
        ? await readMultipart(req, runtime.limits.maxImageBytes, runtime.limits.maxImages)
        : type.startsWith('application/json')
          ? await readUrls(req.body, origins, runtime.limits.maxImageBytes, runtime.limits.maxImages)
          : (() => {
              throw new InferenceError('NOT_AN_IMAGE', 415, 'Send the images as multipart/form-data files, or JSON {"images": [URL, …]}.');
            })();
      const predictions = await runtime.predict(deployment, images);
      count = predictions.length;
      res.json({ deploymentId: deployment.id, modelVersionId: deployment.model_version_id, predictions });
    } catch (error) {
      if (error instanceof InferenceError) {
        code = error.code;
        refuse(res, error);
      } else if (databaseFailureOf(error) === 'unavailable') {
        code = 'UPSTREAM_UNAVAILABLE';
        res.status(503).json({ errors: [{ message: DATABASE_FAILURE_MESSAGE.unavailable, extensions: { code, service: 'database' } }] });
      } else {
        code = 'INTERNAL_SERVER_ERROR';
        deps.log.error({ err: error, deploymentId: req.params.id }, 'prediction failed');
        res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code } }] });
      }
    } finally {
      runtime.record(known, Number(process.hrtime.bigint() - started) / 1e9, count, code);
    }
  });

  // A JSON body that does not parse, or one over 64 kB: the endpoint's error shape, not express's page.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = (error as { status?: unknown } | null)?.status;
    if (status === 413) refuse(res, new InferenceError('BAD_REQUEST', 413, 'The JSON body is over 64 kB; upload images as multipart/form-data.'));
    else if (status === 400) refuse(res, new InferenceError('BAD_REQUEST', 400, 'The body is not valid JSON.'));
    else next(error);
  });
  return router;
}
