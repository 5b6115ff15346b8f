/**
 * The Labeler contract suite's connection to a Labeler: an external one when `LABELER_API_URL`
 * (and `LABELER_SERVICE_KEY`) are set — the Labeler team runs `npm run test:labeler-contract`
 * against theirs — otherwise the reference started here on the test run's PostgreSQL and S3.
 * Fixtures are created through the management endpoints, owned by fresh user ids, so the suite
 * never depends on or disturbs data already in the Labeler.
 */
import { randomInt } from 'node:crypto';
import { datasetFiles, generateImages, type AnnotationFormat, type ShapeClass } from '../sample-data';

export interface ContractTarget {
  url: string;
  key: string;
  /** Requests per minute per user the Labeler enforces (D4: 100). */
  userRateLimit: number;
  external: boolean;
  close(): Promise<void>;
}

/** Per-user limit the suite gives the reference it starts: lower than D4's 100 to keep the test fast. */
const REFERENCE_USER_LIMIT = 30;

export async function contractTarget(): Promise<ContractTarget> {
  const url = process.env.LABELER_API_URL;
  if (url) {
    const key = process.env.LABELER_SERVICE_KEY;
    if (!key) throw new Error('LABELER_SERVICE_KEY must be set together with LABELER_API_URL');
    return {
      url: url.replace(/\/+$/, ''),
      key,
      userRateLimit: Number(process.env.LABELER_CONTRACT_USER_RATE_LIMIT ?? 100),
      external: true,
      close: async () => undefined,
    };
  }
  if (!process.env.TEST_PG_ADMIN_URL) throw new Error('Set LABELER_API_URL and LABELER_SERVICE_KEY, or run through `npm test` to test the reference Labeler');
  // Imported lazily: against an external Labeler the reference's code and infrastructure are not needed.
  const { startTestLabeler, TEST_SERVICE_KEY } = await import('../testing');
  const t = await startTestLabeler('labeler_contract_suite', { LABELER_RATE_LIMIT_USER_PER_MIN: String(REFERENCE_USER_LIMIT) });
  return { url: t.labeler.url, key: TEST_SERVICE_KEY, userRateLimit: REFERENCE_USER_LIMIT, external: false, close: () => t.labeler.close() };
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export type Api = (path: string, init?: RequestInit & { key?: string | null; json?: unknown }) => Promise<ApiResponse>;

export function apiFor(target: ContractTarget): Api {
  return async (path, init = {}) => {
    const headers = new Headers(init.headers);
    const key = init.key === undefined ? target.key : init.key;
    if (key) headers.set('Authorization', `Bearer ${key}`);
    if (init.json !== undefined) headers.set('Content-Type', 'application/json');
    const res = await fetch(`${target.url}/api/v1${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
}

/** A user id no real account has (near the top of PostgreSQL's integer range). */
export const freshUserId = () => 1_900_000_000 + randomInt(0, 200_000_000);

export interface FixtureSpec {
  name: string;
  format: AnnotationFormat;
  visibility: 'public' | 'private' | 'organization';
  ownerId: number;
  tags: string[];
  classes: ShapeClass[];
  images: number;
  labeled: boolean;
}

/** Create a dataset, upload real PNGs and annotations through presigned PUT URLs, finalize it. */
export async function createFixture(api: Api, spec: FixtureSpec): Promise<{ id: string; finalize: ApiResponse }> {
  const created = await api('/datasets', {
    method: 'POST',
    json: {
      name: spec.name,
      description: `contract fixture ${spec.name}`,
      format: spec.format,
      visibility: spec.visibility,
      owner_id: spec.ownerId,
      tags: spec.tags,
      class_names: spec.classes,
    },
  });
  if (created.status !== 201) throw new Error(`POST /datasets answered ${created.status}: ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const files = datasetFiles(generateImages(randomInt(1, 2 ** 31), spec.images, spec.classes), spec.format, spec.classes, spec.labeled);
  const urls = await api(`/datasets/${id}/upload-urls`, { method: 'POST', json: { files: files.map((f) => ({ path: f.path, content_type: f.contentType })) } });
  if (urls.status !== 200) throw new Error(`upload-urls answered ${urls.status}: ${JSON.stringify(urls.body)}`);
  const uploads = urls.body.uploads as Array<{ path: string; url: string; content_type: string }>;
  await Promise.all(
    uploads.map(async (u) => {
      const file = files.find((f) => f.path === u.path)!;
      const put = await fetch(u.url, { method: 'PUT', body: new Uint8Array(file.data), headers: { 'Content-Type': u.content_type } });
      if (!put.ok) throw new Error(`PUT ${u.path} answered ${put.status}`);
    }),
  );
  const finalize = await api(`/datasets/${id}/finalize`, { method: 'POST', json: {} });
  if (finalize.status !== 200) throw new Error(`finalize answered ${finalize.status}: ${JSON.stringify(finalize.body)}`);
  return { id, finalize };
}
