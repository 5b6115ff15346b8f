/**
 * The Labeler's own database. Plain SQL migrations (the reference Labeler has no ORM), applied in
 * order, each once, recorded in `labeler_migrations`. An advisory lock makes concurrent starts safe.
 */
import pg from 'pg';
import { sqlSpan, tracingEnabled } from '../lib/telemetry';

interface Migration {
  name: string;
  sql: string;
}

const MIGRATIONS: Migration[] = [
  {
    name: '001_datasets',
    sql: `
      CREATE TABLE datasets (
        id            text PRIMARY KEY CHECK (id ~ '^ds_[0-9a-f]{16}$'),
        name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description   text,
        format        text NOT NULL CHECK (format ~ '^[a-z0-9_-]{1,32}$'),
        labeled       boolean NOT NULL DEFAULT false,
        storage_type  text NOT NULL DEFAULT 's3',
        storage_path  text NOT NULL,
        visibility    text NOT NULL DEFAULT 'private' CHECK (visibility IN ('public', 'private', 'organization')),
        owner_id      integer NOT NULL,
        num_classes   integer NOT NULL DEFAULT 0 CHECK (num_classes >= 0),
        num_images    integer NOT NULL DEFAULT 0 CHECK (num_images >= 0),
        class_names   text[] NOT NULL DEFAULT '{}',
        tags          text[] NOT NULL DEFAULT '{}',
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX datasets_owner_idx ON datasets (owner_id);
      CREATE INDEX datasets_visibility_idx ON datasets (visibility);
      CREATE INDEX datasets_tags_idx ON datasets USING gin (tags);
      CREATE INDEX datasets_listing_idx ON datasets (created_at DESC, id);

      CREATE TABLE dataset_permissions (
        dataset_id        text NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        user_id           integer NOT NULL,
        permission_level  text NOT NULL CHECK (permission_level IN ('read_only', 'read_write', 'admin')),
        granted_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (dataset_id, user_id)
      );
      CREATE INDEX dataset_permissions_user_idx ON dataset_permissions (user_id);
    `,
  },
  {
    name: '002_uploads',
    sql: `
      -- One multipart upload of one file into a dataset's folder; parts are recorded as the client
      -- confirms them, so an interrupted upload resumes from the Labeler's record (decisions.md).
      CREATE TABLE dataset_uploads (
        id            text PRIMARY KEY,
        dataset_id    text NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        path          text NOT NULL,
        object_key    text NOT NULL,
        s3_upload_id  text NOT NULL,
        size_bytes    bigint NOT NULL CHECK (size_bytes >= 0),
        part_size     integer NOT NULL CHECK (part_size > 0),
        part_count    integer NOT NULL CHECK (part_count > 0),
        content_type  text NOT NULL,
        state         text NOT NULL DEFAULT 'uploading' CHECK (state IN ('uploading', 'completed')),
        created_by    integer,
        created_at    timestamptz NOT NULL DEFAULT now(),
        completed_at  timestamptz
      );
      CREATE INDEX dataset_uploads_dataset_idx ON dataset_uploads (dataset_id);
      CREATE TABLE dataset_upload_parts (
        upload_id    text NOT NULL REFERENCES dataset_uploads (id) ON DELETE CASCADE,
        part_number  integer NOT NULL CHECK (part_number >= 1),
        etag         text NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (upload_id, part_number)
      );
    `,
  },
];

/** Any stable 64-bit number; only Labeler migrations take this lock. */
const MIGRATION_LOCK = 820_001;

export async function migrateLabelerDb(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS labeler_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ name: string }>('SELECT name FROM labeler_migrations');
    const applied = new Set(rows.map((r) => r.name));
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.name)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO labeler_migrations (name) VALUES ($1)', [migration.name]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** A span around each statement run through `pool.query` (lib/telemetry.ts `sqlSpan`; the Labeler runs all its SQL that way). */
function traceStatements(pool: pg.Pool, database: string): void {
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  pool.query = ((...args: unknown[]) => {
    if (args.some((arg) => typeof arg === 'function')) return query(...args); // callback style: not used here
    const config = args[0] as string | { text?: string };
    const text = typeof config === 'string' ? config : (config.text ?? '');
    return sqlSpan(database, text, () => query(...args) as Promise<unknown>);
  }) as typeof pool.query;
}

export function createLabelerPool(url: string, onError?: (error: Error) => void): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client whose server goes away emits 'error'; unhandled, it would crash the process.
  // The pool drops that client and the next query opens a fresh connection.
  pool.on('error', (error) => onError?.(error));
  if (tracingEnabled()) traceStatements(pool, new URL(url).pathname.slice(1) || 'labeler');
  return pool;
}
