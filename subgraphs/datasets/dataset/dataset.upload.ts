/**
 * Creating datasets and uploading their files (decisions.md, "Dataset uploads"). The subgraph only
 * checks the input and asks the Labeler, naming the caller (`acting_user_id`) so the Labeler checks
 * write access itself; platform admins are vouched for (no user named). File bytes never pass here:
 * the Labeler presigns one URL per part and the browser PUTs straight to the bucket.
 */
import { mustBe, notFound, unauthenticated, wholeNumberIn } from '../../../lib/errors';
import { descriptionProblem, displayNameProblem, hiddenCharacterProblem } from '../../../lib/shown-text';
import { vouchedForDatasets, type AuthUser } from '../../../lib/auth';
import type { LabelerApi } from '../../../lib/labeler/labeler-client';
import type { LabelerUpload } from '../../../lib/labeler/contract';
import { isPlausibleDatasetId } from './dataset.loaders';
import { MAX_TAG_LENGTH, MAX_TAGS, shownName, toDatasetModel, type DatasetModel } from './dataset.model';

const FORMATS = ['coco', 'yolo', 'voc'] as const;
const VISIBILITIES = ['public', 'private', 'organization'] as const;
/** Relative, no `..`, no leading `/`, letters, digits, `_ . - /` and spaces (the Labeler's rule). */
const PATH = /^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[\w.\-/ ]+$/;
const CONTENT_TYPE = /^[\w.+-]{1,50}\/[\w.+-]{1,50}$/;
const UPLOAD_ID = /^up_[0-9a-f]{16}$/;
/** S3's most parts per upload. */
export const MAX_PART_NUMBER = 10_000;

export interface CreateDatasetInput {
  name: string;
  description?: string | null;
  format: string;
  visibility?: string | null;
  tags?: string[] | null;
  classNames?: string[] | null;
}

export interface StartUploadInput {
  datasetId: string;
  path: string;
  sizeBytes: number;
  contentType?: string | null;
}

export interface UploadModel {
  id: string;
  datasetId: string;
  path: string;
  sizeBytes: number;
  partSize: number;
  partCount: number;
  state: string;
  uploadedParts: Array<{ partNumber: number; etag: string }>;
  partUrls: Array<{ partNumber: number; url: string }>;
  expiresAt: string;
}

const toUploadModel = (u: LabelerUpload): UploadModel => ({
  id: u.upload_id,
  datasetId: u.dataset_id,
  path: u.path,
  sizeBytes: u.size_bytes,
  partSize: u.part_size,
  partCount: u.part_count,
  state: u.state,
  uploadedParts: u.parts.map((p) => ({ partNumber: p.part_number, etag: p.etag })),
  partUrls: u.part_urls.map((p) => ({ partNumber: p.part_number, url: p.url })),
  expiresAt: u.expires_at,
});

function names(field: string, values: string[] | null | undefined, max: number, maxLength: number): string[] {
  const out = (values ?? []).map((v) => v.trim());
  if (out.length > max) throw mustBe(field, `at most ${max} items`);
  if (out.some((v) => v.length < 1 || v.length > maxLength)) throw mustBe(field, `names of 1 to ${maxLength} characters each`);
  const hidden = out.map((v) => hiddenCharacterProblem(v)).find(Boolean);
  if (hidden) throw mustBe(field, `names ${hidden}`);
  return out;
}

export function createUploadService(user: AuthUser | null, labeler: LabelerApi) {
  /** The user the Labeler checks; none for platform admins, who may write every dataset. */
  function acting(): string | undefined {
    if (!user) throw unauthenticated();
    return vouchedForDatasets(user) ? undefined : user.id;
  }
  const datasetId = (id: string) => {
    if (!isPlausibleDatasetId(id)) throw notFound('Dataset', id);
    return id;
  };
  const uploadId = (id: string) => {
    if (!UPLOAD_ID.test(id)) throw notFound('Upload', id);
    return id;
  };

  return {
    async createDataset(input: CreateDatasetInput): Promise<DatasetModel> {
      if (!user) throw unauthenticated();
      const name = input.name.trim();
      const aboutName = displayNameProblem(name, 200);
      if (aboutName) throw mustBe('name', aboutName);
      const aboutDescription = descriptionProblem(input.description, 5000);
      if (aboutDescription) throw mustBe('description', aboutDescription);
      const format = input.format.toLowerCase() as (typeof FORMATS)[number];
      if (!FORMATS.includes(format)) throw mustBe('format', `one of ${FORMATS.join(', ')}`);
      const visibility = (input.visibility ?? 'private').toLowerCase() as (typeof VISIBILITIES)[number];
      if (!VISIBILITIES.includes(visibility)) throw mustBe('visibility', `one of ${VISIBILITIES.join(', ')}`);
      const created = await labeler.createDataset({
        name,
        description: input.description ?? null,
        format,
        visibility,
        owner_id: Number(user.id),
        tags: names('tags', input.tags, MAX_TAGS, MAX_TAG_LENGTH),
        class_names: names('classNames', input.classNames, 1000, 100),
      });
      return toDatasetModel(created);
    },

    async start(input: StartUploadInput): Promise<UploadModel> {
      const id = datasetId(input.datasetId);
      if (input.path.length > 100 || !PATH.test(input.path) || input.path === 'dataset.tar.gz')
        throw mustBe('path', 'a relative path (no `..`) of at most 100 letters, digits, `_ . - /` and spaces');
      if (!Number.isSafeInteger(input.sizeBytes) || input.sizeBytes < 0) throw mustBe('sizeBytes', 'a whole number of bytes, 0 or more');
      const contentType = input.contentType || 'application/octet-stream';
      if (!CONTENT_TYPE.test(contentType)) throw mustBe('contentType', 'a MIME type');
      return toUploadModel(await labeler.startUpload(id, { path: input.path, sizeBytes: input.sizeBytes, contentType, actingUserId: acting() }));
    },

    async status(dataset: string, upload: string): Promise<UploadModel> {
      return toUploadModel(await labeler.getUpload(datasetId(dataset), uploadId(upload), acting()));
    },

    async confirmPart(dataset: string, upload: string, partNumber: number, etag: string) {
      wholeNumberIn('partNumber', partNumber, 1, MAX_PART_NUMBER);
      if (etag.length < 1 || etag.length > 200) throw mustBe('etag', 'the ETag the bucket answered');
      const part = await labeler.recordUploadPart(datasetId(dataset), uploadId(upload), { partNumber, etag, actingUserId: acting() });
      return { partNumber: part.part_number, etag: part.etag };
    },

    async complete(dataset: string, upload: string): Promise<UploadModel> {
      return toUploadModel(await labeler.completeUpload(datasetId(dataset), uploadId(upload), acting()));
    },

    async finalize(id: string) {
      const result = await labeler.finalizeDataset(datasetId(id), acting());
      return {
        dataset: toDatasetModel(result.dataset),
        numImages: result.summary.num_images,
        numAnnotations: result.summary.num_annotations,
        // Read from the uploaded files: shown like the dataset's own text (decisions.md #75).
        classNames: result.summary.class_names.map(shownName),
        problems: result.problems.map((problem) => ({ ...problem, path: shownName(problem.path), message: shownName(problem.message) })),
        problemsTruncated: result.problems_truncated,
      };
    },
  };
}

export type UploadService = ReturnType<typeof createUploadService>;
