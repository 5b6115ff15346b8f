/**
 * The browser side of a dataset upload: where each file goes in the dataset's folder, and the
 * resumable multipart transfer. Parts are PUT straight to the bucket's presigned URLs (XHR, for
 * progress), a few at a time, each confirmed with its ETag; a part that fails is retried, and after
 * a dropped connection the upload asks the server which parts are stored and continues with the rest.
 */

/**
 * The folder a file belongs in for `format` (COCO `annotations/`, YOLO `labels/`, VOC `Annotations/`).
 * A zip goes to the top: the Labeler expands it in place, keeping the folders it holds.
 */
export function datasetPathOf(name: string, format: string): string {
  const lower = name.toLowerCase();
  const safe = name.replace(/[^\w.\- ]/g, '_').slice(0, 80);
  if (/\.(png|jpe?g|bmp|webp|tiff?)$/.test(lower)) return `images/${safe}`;
  if (lower.endsWith('.zip')) return safe;
  if (lower === 'classes.txt' || lower === 'obj.names' || /\.ya?ml$/.test(lower)) return safe;
  if (lower.endsWith('.json')) return `annotations/${safe}`;
  if (lower.endsWith('.txt')) return `labels/${safe}`;
  if (lower.endsWith('.xml')) return `Annotations/${safe}`;
  return format === 'coco' ? `annotations/${safe}` : safe;
}

export interface UploadPlan {
  id: string;
  partSize: number;
  partCount: number;
  uploadedParts: Array<{ partNumber: number }>;
  partUrls: Array<{ partNumber: number; url: string }>;
}

export interface TransferApi {
  confirm(partNumber: number, etag: string): Promise<void>;
  /** The upload as the server knows it now: confirmed parts and fresh URLs for the rest. */
  refresh(): Promise<UploadPlan>;
  complete(): Promise<void>;
}

/** PUT one part with progress; resolves with the ETag the bucket answered. */
function putPart(url: string, body: Blob, onProgress: (loaded: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      const etag = xhr.getResponseHeader('ETag');
      if (xhr.status >= 200 && xhr.status < 300 && etag) resolve(etag);
      else reject(new Error(xhr.status ? `The bucket answered ${xhr.status}` : 'The bucket did not expose the ETag'));
    };
    xhr.onerror = () => reject(new Error('The connection to the bucket was lost'));
    xhr.send(body);
  });
}

const PARALLEL_PARTS = 3;
const ATTEMPTS = 3;

/**
 * Sends every part of `file` the server does not have yet, then completes the upload. `onProgress`
 * gets the bytes stored so far. Throws when a part still fails after its attempts (the caller offers
 * to resume, which calls this again with a fresh plan).
 */
export async function transferFile(file: File, plan: UploadPlan, api: TransferApi, onProgress: (bytes: number) => void): Promise<void> {
  const partBytes = (n: number) => Math.min(plan.partSize, file.size - (n - 1) * plan.partSize);
  const done = new Set(plan.uploadedParts.map((p) => p.partNumber));
  const inFlight = new Map<number, number>();
  const report = () => onProgress([...done].reduce((sum, n) => sum + partBytes(n), 0) + [...inFlight.values()].reduce((a, b) => a + b, 0));
  report();
  let urls = new Map(plan.partUrls.map((p) => [p.partNumber, p.url]));
  const queue = [...urls.keys()].filter((n) => !done.has(n));

  const send = async (n: number) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const start = (n - 1) * plan.partSize;
        const etag = await putPart(urls.get(n)!, file.slice(start, start + partBytes(n)), (loaded) => {
          inFlight.set(n, loaded);
          report();
        });
        await api.confirm(n, etag);
        inFlight.delete(n);
        done.add(n);
        report();
        return;
      } catch (error) {
        inFlight.delete(n);
        report();
        if (attempt >= ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, 300 * 2 ** attempt));
        // The URL may have expired or the connection dropped: ask again for what is missing.
        const fresh = await api.refresh();
        urls = new Map(fresh.partUrls.map((p) => [p.partNumber, p.url]));
        if (!urls.has(n)) return; // stored after all
      }
    }
  };
  const worker = async () => {
    for (let n = queue.shift(); n !== undefined; n = queue.shift()) await send(n);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_PARTS, queue.length || 1) }, worker));
  await api.complete();
  onProgress(file.size);
}
