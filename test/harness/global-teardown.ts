import { rmSync } from 'node:fs';
import type { PostgresHandle } from '../../lib/infra/postgres';
import type { S3ServerHandle } from '../../lib/infra/s3-server';

export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as Record<string, unknown>).__VPG_INFRA__ as { pg: PostgresHandle; s3: S3ServerHandle; root: string } | undefined;
  if (!infra) return;
  await infra.s3.stop().catch(() => undefined);
  await infra.pg.stop();
  rmSync(infra.root, { recursive: true, force: true });
  // The cluster may live in a fallback folder outside `root` (see lib/infra/postgres.ts).
  rmSync(infra.pg.dataDir, { recursive: true, force: true });
}
