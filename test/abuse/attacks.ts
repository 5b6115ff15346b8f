/**
 * Attack material for the abuse suite (test/abuse.integration.test.ts): documents and HTTP
 * requests built programmatically, a recorder that keeps every status the stack answered, and a
 * well-behaved user whose latencies are measured while the attacks run.
 */

/** `trainingJobs { nodes { project { … } } }` nested `levels` times (the guest probe ran 7). */
export const nestedJobs = (levels: number): string => {
  let inner = 'id';
  for (let i = 0; i < levels; i++) inner = `trainingJobs { nodes { id project { ${inner} } } }`;
  return `{ ${inner} }`;
};

/** `{ a { a { … } } }` `levels` deep on `me { organization { … } }`-like chains that do not exist: parse depth only. */
export const deepBraces = (levels: number): string => `{ ${'me { '.repeat(levels)}id${' }'.repeat(levels)} }`;

/** Anonymous `{ a0: __typename a1: __typename … }` of about `bytes` bytes. */
export const aliasedTypename = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: __typename`).join(' ')} }`;

/** A document of about `bytes` bytes of ignored characters (whitespace and commas) around one field. */
export const paddedDocument = (bytes: number) => `{ me { id ${' ,'.repeat(Math.floor(bytes / 2))} } }`;

/** One comment line of about `bytes` bytes: no tokens at all for the lexer to count. */
export const commentDocument = (bytes: number) => `# ${'x'.repeat(bytes)}\n{ __typename }`;

export const manyDirectives = (count: number) => `{ me { ${Array.from({ length: count }, () => 'id @include(if: true)').join(' ')} } }`;

/** Fragments that spread each other: invalid, and a naive depth or cost walk never ends. */
export const fragmentCycle = (length: number) => {
  const names = Array.from({ length }, (_, i) => `F${i}`);
  const fragments = names.map((name, i) => `fragment ${name} on Query { me { id } ...${names[(i + 1) % length]} }`);
  return `query Cycle { ...F0 }\n${fragments.join('\n')}`;
};

/** A fragment spread into itself through a field (cycle below the root). */
export const nestedFragmentCycle = 'query { trainingJobs { ...J } } fragment J on TrainingJobConnection { nodes { project { trainingJobs { ...J } } } }';

/** 1,100 aliases of `dataset(id) { images(first: 1) { key } }` (the Labeler probe). */
export const labelerAliasBomb = (datasetId: string, count = 1100) =>
  `{ ${Array.from({ length: count }, (_, i) => `d${i}: dataset(id: "${datasetId}") { images(first: 1) { key } }`).join(' ')} }`;

/** JSON nested `levels` deep: `[[[…]]]`. */
export const deepJsonArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** Latencies of a well-behaved user's loop, and what went wrong in it. */
export interface UserLoop {
  latencies: number[];
  /** When each call started (performance.now()), in the order of `latencies`. */
  starts: number[];
  failures: string[];
  stop(): Promise<void>;
}

/**
 * Runs `call` again and again (a short pause between calls, as a person clicking through the
 * console), recording each call's latency; `call` throws to report a wrong answer.
 */
export function startUserLoop(call: () => Promise<void>, pauseMs = 25): UserLoop {
  const latencies: number[] = [];
  const starts: number[] = [];
  const failures: string[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const start = performance.now();
      try {
        await call();
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
      latencies.push(performance.now() - start);
      starts.push(start);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  })();
  return {
    latencies,
    starts,
    failures,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

export const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** Every HTTP answer the attacks got, to assert none was a 5xx. */
export interface Answer {
  what: string;
  status: number;
  /** The error codes of a GraphQL answer, when it had a JSON body. */
  codes: string[];
  /** The start of the body of a 5xx or internal-error answer. */
  body?: string;
  /** How long the answer took, in ms. */
  ms: number;
}

export class Recorder {
  readonly answers: Answer[] = [];

  /** One raw HTTP request; a reset connection is recorded as status 0. */
  async send(what: string, url: string, init: RequestInit = {}): Promise<Answer> {
    let answer: Omit<Answer, 'ms'>;
    const start = performance.now();
    try {
      const response = await fetch(url, { redirect: 'manual', ...init });
      const text = await response.text();
      const codes = codesIn(text);
      answer = {
        what,
        status: response.status,
        codes,
        ...(response.status >= 500 || codes.includes('INTERNAL_SERVER_ERROR') ? { body: text.slice(0, 500) } : {}),
      };
    } catch (error) {
      answer = {
        what: `${what} (${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)})`,
        status: 0,
        codes: [],
      };
    }
    const timed = { ...answer, ms: Math.round(performance.now() - start) };
    this.answers.push(timed);
    return timed;
  }

  /** A JSON POST of `body` (an object, or a string sent as is). */
  post(what: string, url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    return this.send(what, url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
    });
  }

  serverErrors(): Array<Omit<Answer, 'ms'>> {
    return this.answers.filter((a) => a.status >= 500 || a.codes.includes('INTERNAL_SERVER_ERROR')).map(({ ms: _ms, ...rest }) => rest);
  }

  /** The `n` slowest answers, `what` shortened, for the figures the suite prints. */
  slowest(n: number): string[] {
    return [...this.answers]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, n)
      .map((a) => `${a.ms} ms ${a.status} ${a.what.slice(0, 160)}`);
  }
}

function codesIn(text: string): string[] {
  try {
    const body = JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> } | Array<{ errors?: Array<{ extensions?: { code?: string } }> }>;
    const results = Array.isArray(body) ? body : [body];
    return results.flatMap((r) => (r?.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE'));
  } catch {
    return [];
  }
}
