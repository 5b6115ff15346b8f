/**
 * Idempotent demo data for the Labeler: four datasets with stable ids, real PNG images and
 * annotations uploaded to the external bucket under `datasets/{id}/`. Rows are inserted once and
 * never overwritten; objects are uploaded only when a dataset's archive is missing.
 */
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import pg from 'pg';
import type { Role } from '../lib/auth';
import type { PermissionLevel, Visibility } from '../lib/labeler/contract';
import type { Storage } from '../lib/s3';
import { ARCHIVE_NAME } from './dataset.routes';
import { grantPermission, insertDataset } from './dataset.store';
import { datasetFiles, generateImages, tarGz, type AnnotationFormat, type ShapeClass } from './sample-data';

export interface SeedDataset {
  id: string;
  name: string;
  description: string;
  format: AnnotationFormat;
  labeled: boolean;
  visibility: Visibility;
  owner: Role;
  classes: ShapeClass[];
  images: number;
  tags: string[];
  createdAt: string;
  grants: Array<{ role: Role; level: PermissionLevel }>;
}

export const SEED_DATASETS: SeedDataset[] = [
  {
    id: 'ds_3f9a1c7e5b2d4f60',
    name: 'shapes-detection-coco',
    description: 'Circles, squares and triangles on pale backgrounds, COCO boxes',
    format: 'coco',
    labeled: true,
    visibility: 'public',
    owner: 'advanced_engineer',
    classes: ['circle', 'square', 'triangle'],
    images: 12,
    tags: ['shapes', 'detection', 'demo'],
    createdAt: '2025-11-20T10:00:00Z',
    grants: [],
  },
  {
    id: 'ds_8b41e0d29c7a5f13',
    name: 'factory-parts-yolo',
    description: 'Private parts inspection set in YOLO format',
    format: 'yolo',
    labeled: true,
    visibility: 'private',
    owner: 'standard_engineer',
    classes: ['circle', 'square'],
    images: 10,
    tags: ['shapes', 'inspection'],
    createdAt: '2025-11-21T09:30:00Z',
    grants: [{ role: 'advanced_engineer', level: 'read_only' }],
  },
  {
    id: 'ds_c2d7f4a8e1b36950',
    name: 'unlabeled-captures',
    description: 'Raw captures waiting for annotation',
    format: 'coco',
    labeled: false,
    visibility: 'public',
    owner: 'manager',
    classes: [],
    images: 8,
    tags: ['raw'],
    createdAt: '2025-11-22T14:00:00Z',
    grants: [],
  },
  {
    id: 'ds_e6a05b3d7f2c8194',
    name: 'inspection-voc',
    description: 'Organization-wide inspection set, Pascal VOC annotations',
    format: 'voc',
    labeled: true,
    visibility: 'organization',
    owner: 'admin',
    classes: ['circle', 'square', 'triangle'],
    images: 6,
    tags: ['inspection', 'detection'],
    createdAt: '2025-11-23T08:15:00Z',
    grants: [],
  },
];

const storagePath = (id: string) => `datasets/${id}/`;
/** A dataset id's hex digits make a stable PRNG seed. */
const seedOf = (id: string) => parseInt(id.slice(3, 11), 16);

async function exists(storage: Storage, key: string): Promise<boolean> {
  try {
    await storage.client.send(new HeadObjectCommand({ Bucket: storage.bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

async function uploadDataset(storage: Storage, spec: SeedDataset): Promise<void> {
  const prefix = storagePath(spec.id);
  if (await exists(storage, `${prefix}${ARCHIVE_NAME}`)) return;
  const images = generateImages(seedOf(spec.id), spec.images, spec.classes);
  const files = datasetFiles(images, spec.format, spec.classes, spec.labeled);
  const put = (key: string, body: Buffer, contentType: string) =>
    storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: key, Body: body, ContentType: contentType }));
  await Promise.all(files.map((f) => put(`${prefix}${f.path}`, f.data, f.contentType)));
  // The archive goes last: its presence means the dataset's objects are complete.
  await put(`${prefix}${ARCHIVE_NAME}`, tarGz(files), 'application/gzip');
}

function ownerId(ownerIds: Record<Role, string>, role: Role): number {
  const id = Number(ownerIds[role]);
  if (!Number.isInteger(id) || id <= 0) throw new Error(`seedLabeler: no integer user id for role ${role}`);
  return id;
}

export async function seedLabeler(opts: { databaseUrl: string; storage: Storage; ownerIds: Record<Role, string> }): Promise<{ datasetIds: string[] }> {
  await opts.storage.ensureBucket();
  const db = new pg.Pool({ connectionString: opts.databaseUrl, max: 2 });
  try {
    for (const spec of SEED_DATASETS) {
      await uploadDataset(opts.storage, spec);
      const inserted = await insertDataset(db, {
        id: spec.id,
        name: spec.name,
        description: spec.description,
        format: spec.format,
        labeled: spec.labeled,
        storage_type: 's3',
        storage_path: storagePath(spec.id),
        visibility: spec.visibility,
        owner_id: ownerId(opts.ownerIds, spec.owner),
        num_classes: spec.classes.length,
        num_images: spec.images,
        class_names: spec.classes,
        tags: spec.tags,
        created_at: new Date(spec.createdAt),
      });
      // Grants come with a new row only, so that permissions changed later are never reset.
      if (inserted) for (const grant of spec.grants) await grantPermission(db, spec.id, ownerId(opts.ownerIds, grant.role), grant.level);
    }
  } finally {
    await db.end();
  }
  return { datasetIds: SEED_DATASETS.map((d) => d.id) };
}
