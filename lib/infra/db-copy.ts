/**
 * Copying tables between two PostgreSQL databases of the same schema, row by row and idempotently
 * (`db:copy:users`, `db:copy:platform`): rows are read in primary-key order in batches, upserted
 * by primary key (only rows that differ are rewritten, so a re-run writes nothing), sequences are
 * moved past the copied ids, and every source row is compared with the target (same columns, same
 * values) by an md5 of its text.
 */
import pg from 'pg';

export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Timestamps print in the session time zone: both sides must agree for the comparison.
  await client.query(`set time zone 'UTC'`);
  return client;
}

export async function columnsOf(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns where table_schema = current_schema() and table_name = $1 order by ordinal_position`,
    [table],
  );
  return rows.map((row) => row.column_name);
}

/** The primary key's columns in key order (empty when the table has none). */
export async function primaryKeyOf(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select a.attname as name
     from pg_index i
     join pg_class c on c.oid = i.indrelid
     join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
     cross join lateral unnest(i.indkey) with ordinality as k(attnum, position)
     join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
     where i.indisprimary and c.relname = $1
     order by k.position`,
    [table],
  );
  return rows.map((row) => row.name);
}

/** Ordinary tables of the current schema, parents before the tables that reference them. */
export async function tablesInDependencyOrder(client: pg.Client, exclude: readonly string[] = []): Promise<string[]> {
  const { rows: tables } = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = current_schema() and c.relkind in ('r', 'p') order by 1`,
  );
  const names = tables.map((row) => row.name).filter((name) => !exclude.includes(name));
  const { rows: edges } = await client.query<{ child: string; parent: string }>(
    `select c.relname as child, p.relname as parent from pg_constraint f
     join pg_class c on c.oid = f.conrelid join pg_class p on p.oid = f.confrelid
     join pg_namespace n on n.oid = c.relnamespace
     where f.contype = 'f' and n.nspname = current_schema() and c.oid <> p.oid`,
  );
  const parents = new Map(names.map((name) => [name, new Set<string>()]));
  for (const { child, parent } of edges) if (parents.has(child) && parents.has(parent)) parents.get(child)!.add(parent);
  const ordered: string[] = [];
  while (parents.size > 0) {
    const ready = [...parents].filter(([, of]) => [...of].every((parent) => !parents.has(parent))).map(([name]) => name);
    if (ready.length === 0) throw new Error(`The foreign keys between ${[...parents.keys()].join(', ')} form a cycle; they cannot be copied in order.`);
    for (const name of ready) {
      ordered.push(name);
      parents.delete(name);
    }
  }
  return ordered;
}

export interface CopyPlan {
  table: string;
  /** Columns both sides have, in the source's order. */
  columns: string[];
  /** Primary-key columns. */
  key: string[];
}

export async function planTable(source: pg.Client, target: pg.Client, table: string, what: string): Promise<CopyPlan> {
  const sourceColumns = await columnsOf(source, table);
  if (sourceColumns.length === 0) throw new Error(`The source has no table ${table}; is it a ${what}?`);
  const targetColumns = new Set(await columnsOf(target, table));
  if (targetColumns.size === 0) throw new Error(`The target has no table ${table}; is it a ${what}?`);
  const key = await primaryKeyOf(target, table);
  if (key.length === 0) throw new Error(`Table ${table} has no primary key; rows cannot be matched between the databases.`);
  return { table, columns: sourceColumns.filter((column) => targetColumns.has(column)), key };
}

const keyList = (key: string[], alias?: string) => key.map((column) => (alias ? `${alias}.${quote(column)}` : quote(column))).join(', ');
/** `(k1, k2) > ($1, $2)`, typed like the key columns, for the rows after the last batch. */
const after = (plan: CopyPlan, values: unknown[] | null, offset = 1) =>
  values === null ? 'true' : `(${keyList(plan.key)}) > (${plan.key.map((_, i) => `$${i + offset}`).join(', ')})`;

export interface CopyBatch {
  table: string;
  /** Source rows read so far. */
  read: number;
  /** Rows inserted or changed in the target so far. */
  written: number;
}

/**
 * Copy one table in primary-key order, `batch` rows at a time; each batch is one statement, so on
 * an autocommit connection an interrupted copy keeps what it wrote and a re-run resumes. Returns
 * the number of rows inserted or changed.
 */
export async function copyTable(
  source: pg.Client,
  target: pg.Client,
  plan: CopyPlan,
  opts: { batch?: number; onBatch?: (progress: CopyBatch) => void } = {},
): Promise<number> {
  const batch = opts.batch ?? 1000;
  const { table, columns, key } = plan;
  const list = columns.map(quote).join(', ');
  const nonKey = columns.filter((c) => !key.includes(c));
  // Only rows that differ are rewritten, so a re-run reports 0 and touches nothing.
  const onConflict =
    nonKey.length === 0
      ? 'do nothing'
      : `do update set ${nonKey.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')} where ${nonKey
          .map((c) => `${quote(table)}.${quote(c)} is distinct from excluded.${quote(c)}`)
          .join(' or ')}`;
  let last: unknown[] | null = null;
  let read = 0;
  let written = 0;
  for (;;) {
    const where: string = after(plan, last);
    const params: (string | null)[] = last === null ? [] : last.map((value) => (value === null ? null : String(value)));
    // JSON made by PostgreSQL keeps microseconds and enum labels exactly (a JS Date would not).
    const { rows } = await source.query<{ batch: string | null; last: unknown[] | null; n: number }>(
      `select json_agg(t order by ${keyList(key, 't')})::text as batch,
              (array_agg(json_build_array(${keyList(key, 't')}) order by ${key.map((c) => `t.${quote(c)} desc`).join(', ')}))[1] as last,
              count(*)::int as n
       from (select ${list} from ${quote(table)} where ${where} order by ${keyList(key)} limit ${batch}) t`,
      params,
    );
    const page = rows[0]!;
    if (page.batch === null || page.last === null) break;
    const result = await target.query(
      `insert into ${quote(table)} (${list}) select ${list} from json_populate_recordset(null::${quote(table)}, $1::json)
       on conflict (${keyList(key)}) ${onConflict}`,
      [page.batch],
    );
    written += result.rowCount ?? 0;
    read += page.n;
    last = page.last;
    opts.onBatch?.({ table, read, written });
  }
  return written;
}

/** Move every sequence owned by the table's columns past the largest value copied. */
export async function resetSequences(target: pg.Client, table: string): Promise<void> {
  const { rows } = await target.query<{ column: string; sequence: string }>(
    `select column_name as column, pg_get_serial_sequence(quote_ident(table_name), column_name) as sequence
     from information_schema.columns where table_schema = current_schema() and table_name = $1`,
    [table],
  );
  for (const { column, sequence } of rows) {
    if (!sequence) continue;
    // New rows created in the target later must not collide with copied ids.
    await target.query(
      `select setval($1, coalesce((select max(${quote(column)}) from ${quote(table)}), 1), (select max(${quote(column)}) from ${quote(table)}) is not null)`,
      [sequence],
    );
  }
}

export interface VerifyResult {
  /** Rows in the source. */
  source: number;
  /** Rows in the target (may exceed `source` when the target had rows of its own). */
  target: number;
  /** Source rows found identical in the target. */
  verified: number;
}

/** Compare every source row with the target row of the same key (md5 of the common columns as text), batch by batch. */
export async function verifyTable(source: pg.Client, target: pg.Client, plan: CopyPlan, batch = 5000): Promise<VerifyResult> {
  const { table, columns, key } = plan;
  const digest = `md5(row(${columns.map(quote).join(', ')})::text)`;
  const keyText = `json_build_array(${keyList(key)})::text`;
  let last: unknown[] | null = null;
  let count = 0;
  let verified = 0;
  for (;;) {
    const where: string = after(plan, last);
    const params: (string | null)[] = last === null ? [] : last.map((value) => (value === null ? null : String(value)));
    const { rows } = await source.query<{ k: string; d: string; last: unknown[]; keys: Record<string, unknown> }>(
      `select ${keyText} as k, ${digest} as d, json_build_array(${keyList(key)}) as last,
              json_build_object(${key.map((c) => `'${c.replace(/'/g, "''")}', ${quote(c)}`).join(', ')}) as keys
       from ${quote(table)} where ${where} order by ${keyList(key)} limit ${batch}`,
      params,
    );
    if (rows.length === 0) break;
    // Matched by exact key (not by a key range), so the two servers' collations cannot disagree.
    const { rows: theirs } = await target.query<{ k: string; d: string }>(
      `select ${keyText} as k, ${digest} as d from ${quote(table)}
       where (${keyList(key)}) in (select ${keyList(key)} from json_populate_recordset(null::${quote(table)}, $1::json))`,
      [JSON.stringify(rows.map((row) => row.keys))],
    );
    const digests = new Map(theirs.map((row) => [row.k, row.d]));
    for (const row of rows) if (digests.get(row.k) === row.d) verified += 1;
    count += rows.length;
    last = rows[rows.length - 1]!.last;
  }
  const { rows } = await target.query<{ n: number }>(`select count(*)::int as n from ${quote(table)}`);
  return { source: count, target: rows[0]!.n, verified };
}
