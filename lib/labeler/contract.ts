/**
 * The Labeler's JSON shapes (seed 2.5.2, docs/labeler-contract.md, labeler/openapi.yaml), defined
 * once for both sides: the reference Labeler types its answers and validates its request bodies
 * with them, and the platform's client validates every answer it reads with them.
 *
 * Times stay plain strings: the contract asks for ISO 8601 but the client must not reject a Labeler
 * that writes them another valid way (fractions, offsets); the contract suite checks the format.
 */
import { z } from 'zod';

export const VISIBILITIES = ['public', 'private', 'organization'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const PERMISSION_LEVELS = ['read_only', 'read_write', 'admin'] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

/** Upper bounds: S3 presigned URLs live at most 7 days; one batch answers at most 1000 ids. */
export const MAX_EXPIRES_IN_SECONDS = 7 * 24 * 3600;
export const MAX_BATCH_IDS = 1000;

const positiveUserId = z.number().int().positive();

/** A dataset: every key is always present, `description` may be null. */
export const datasetSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  format: z.string(),
  labeled: z.boolean(),
  storage_type: z.string(),
  storage_path: z.string(),
  visibility: z.enum(VISIBILITIES),
  owner_id: z.number().int(),
  num_classes: z.number().int(),
  num_images: z.number().int(),
  class_names: z.array(z.string()),
  tags: z.array(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
});
export type LabelerDataset = z.infer<typeof datasetSchema>;

/** `GET /datasets/{id}/permissions/{user_id}`, and each dataset's `permission` in a batch naming a user. */
export const permissionSchema = z.object({
  has_access: z.boolean(),
  permission_level: z.enum(PERMISSION_LEVELS).nullable(),
  granted_at: z.string().nullable(),
});
export type LabelerPermission = z.infer<typeof permissionSchema>;

/** `GET /datasets`: one page, newest first. */
export const datasetListSchema = z.object({
  datasets: z.array(datasetSchema),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
});
export type LabelerDatasetPage = z.infer<typeof datasetListSchema>;

/** `POST /datasets/batch`; `user_id` is the batch extension (decision 11). */
export const batchRequestSchema = z.object({
  dataset_ids: z.array(z.string().min(1).max(64)).max(MAX_BATCH_IDS),
  user_id: positiveUserId.optional(),
});
export type LabelerBatchRequest = z.input<typeof batchRequestSchema>;

/** `permission`: the extension's answer for the `user_id` sent; absent from a Labeler without it. */
export const batchResponseSchema = z.object({
  datasets: z.array(datasetSchema.extend({ permission: permissionSchema.optional() })),
  not_found: z.array(z.string()),
});
export type LabelerBatch = z.infer<typeof batchResponseSchema>;

/** `POST /datasets/{id}/download-url`; without `user_id` the calling service has authorised the caller itself. */
export const downloadUrlRequestSchema = z.object({
  expires_in: z.number().int().min(1).max(MAX_EXPIRES_IN_SECONDS).default(3600),
  user_id: positiveUserId.optional(),
});
export type LabelerDownloadUrlRequest = z.input<typeof downloadUrlRequestSchema>;

export const downloadUrlSchema = z.object({ download_url: z.string(), expires_at: z.string() });
export type LabelerDownloadUrl = z.infer<typeof downloadUrlSchema>;

/** One box of `annotations=true`: fractions of the image's width and height, top-left origin. */
export const imageBoxSchema = z.object({ class_name: z.string(), x: z.number(), y: z.number(), width: z.number(), height: z.number() });

/**
 * `GET /datasets/{id}/images`: images by key from `offset` with presigned GET URLs. With
 * `annotations=true` (contract extension) each image brings its `split` and `annotations` and the
 * answer the dataset's `statistics`; a Labeler without the extension omits them.
 */
export const imagesSchema = z.object({
  images: z.array(
    z.object({
      key: z.string(),
      url: z.string(),
      size_bytes: z.number().int().nullish(),
      split: z.string().optional(),
      annotations: z.array(imageBoxSchema).optional(),
    }),
  ),
  total: z.number().int(),
  expires_at: z.string(),
  statistics: z
    .object({
      num_annotations: z.number().int(),
      class_counts: z.array(z.object({ class_name: z.string(), count: z.number().int() })),
      split_counts: z.array(z.object({ split: z.string(), count: z.number().int() })),
    })
    .optional(),
});
export type LabelerImages = z.infer<typeof imagesSchema>;

/** `POST /datasets` (management): the body; the answer is a dataset. */
export interface LabelerCreateDataset {
  name: string;
  description?: string | null;
  format: 'coco' | 'yolo' | 'voc';
  visibility?: Visibility;
  owner_id: number;
  tags?: string[];
  class_names?: string[];
}

/** A resumable multipart upload (`POST /datasets/{id}/uploads`, `GET …/uploads/{upload_id}`, `…/complete`). */
export const uploadSchema = z.object({
  upload_id: z.string(),
  dataset_id: z.string(),
  path: z.string(),
  key: z.string(),
  size_bytes: z.number().int(),
  content_type: z.string(),
  part_size: z.number().int(),
  part_count: z.number().int(),
  state: z.enum(['uploading', 'completed']),
  parts: z.array(z.object({ part_number: z.number().int(), etag: z.string() })),
  part_urls: z.array(z.object({ part_number: z.number().int(), url: z.string() })),
  expires_at: z.string(),
});
export type LabelerUpload = z.infer<typeof uploadSchema>;

export const uploadPartSchema = z.object({ upload_id: z.string(), part_number: z.number().int(), etag: z.string() });

/** `POST /datasets/{id}/finalize`. */
export const finalizeSchema = z.object({
  dataset: datasetSchema,
  summary: z.object({ num_images: z.number().int(), num_annotations: z.number().int(), class_names: z.array(z.string()), labeled: z.boolean() }),
  problems: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).default([]),
  problems_truncated: z.boolean().default(false),
  archive: z.object({ key: z.string(), size_bytes: z.number().int() }),
});
export type LabelerFinalize = z.infer<typeof finalizeSchema>;

/** Every error body: `{ error, message, …details }` (`dataset_id`, `required_permission`, `retry_after`, …). */
export const labelerErrorSchema = z.looseObject({ error: z.string(), message: z.string() });
export type LabelerErrorBody = z.infer<typeof labelerErrorSchema>;

/** `PUT /datasets/{id}/permissions/{user_id}` (reference management API): the stored grant. */
export const grantSchema = z.object({
  dataset_id: z.string(),
  user_id: z.number().int(),
  permission_level: z.enum(PERMISSION_LEVELS),
  granted_at: z.string(),
});
export type LabelerGrant = z.infer<typeof grantSchema>;

/** `DELETE /datasets/{id}/permissions/{user_id}`: whether a grant was there to remove. */
export const revokeSchema = z.object({ dataset_id: z.string(), user_id: z.number().int(), revoked: z.boolean() });
export type LabelerRevoke = z.infer<typeof revokeSchema>;
