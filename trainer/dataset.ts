/**
 * Turning a snapshot into training data: download the objects through their presigned URLs,
 * read the annotations (COCO, YOLO or Pascal VOC, as the seeded datasets use), give each image
 * one class (its largest object), and downscale the PNG to a small grid of pixel features.
 */
import path from 'node:path';
import { PNG } from 'pngjs';
import type { ManifestObject } from '../lib/worker-protocol';

export interface LabeledImage {
  key: string;
  label: string;
}

export interface Annotations {
  format: 'coco' | 'yolo' | 'voc';
  labels: LabeledImage[];
}

const stem = (key: string) => path.posix.basename(key).replace(/\.[^.]+$/, '');

async function download(object: ManifestObject, attempts = 3): Promise<Buffer> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(object.url, { signal: AbortSignal.timeout(30_000) });
      if (!res.ok) throw new Error(`GET ${object.key} answered ${res.status}`);
      const body = Buffer.from(await res.arrayBuffer());
      if (body.length !== object.sizeBytes) throw new Error(`${object.key}: got ${body.length} bytes, manifest says ${object.sizeBytes}`);
      return body;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

/** Download `objects` with at most `limit` requests in flight. */
export async function downloadAll(objects: ManifestObject[], limit = 8): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, objects.length) }, async () => {
      while (next < objects.length) {
        const object = objects[next++]!;
        out.set(object.key, await download(object));
      }
    }),
  );
  return out;
}

/** Objects the trainer needs: images and annotation files, not the dataset archive. */
export function wantedObjects(objects: ManifestObject[]): ManifestObject[] {
  return objects.filter((o) => /\.(png|json|txt|xml)$/i.test(o.key));
}

function largest<T>(items: T[], area: (item: T) => number): T | undefined {
  return items.reduce<T | undefined>((best, item) => (best === undefined || area(item) > area(best) ? item : best), undefined);
}

function fromCoco(text: string, images: string[]): LabeledImage[] {
  const coco = JSON.parse(text) as {
    images: Array<{ id: number; file_name: string }>;
    annotations: Array<{ image_id: number; category_id: number; bbox: number[] }>;
    categories: Array<{ id: number; name: string }>;
  };
  const names = new Map(coco.categories.map((c) => [c.id, c.name]));
  const byStem = new Map(images.map((key) => [stem(key), key]));
  return coco.images.flatMap((img) => {
    const key = byStem.get(stem(img.file_name));
    const best = largest(
      coco.annotations.filter((a) => a.image_id === img.id),
      (a) => (a.bbox[2] ?? 0) * (a.bbox[3] ?? 0),
    );
    const label = best ? names.get(best.category_id) : undefined;
    return key && label ? [{ key, label }] : [];
  });
}

function fromYolo(files: Map<string, Buffer>, images: string[]): LabeledImage[] {
  const classesKey = [...files.keys()].find((k) => path.posix.basename(k) === 'classes.txt');
  const classes = classesKey
    ? files
        .get(classesKey)!
        .toString('utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
    : [];
  const labelFiles = new Map([...files.keys()].filter((k) => k.endsWith('.txt') && k !== classesKey).map((k) => [stem(k), k]));
  return images.flatMap((key) => {
    const labelKey = labelFiles.get(stem(key));
    if (!labelKey) return [];
    const boxes = files
      .get(labelKey)!
      .toString('utf8')
      .split('\n')
      .map((l) => l.trim().split(/\s+/).map(Number))
      .filter((f) => f.length === 5);
    const best = largest(boxes, (b) => b[3]! * b[4]!);
    const label = best ? (classes[best[0]!] ?? `class_${best[0]}`) : undefined;
    return label ? [{ key, label }] : [];
  });
}

function fromVoc(files: Map<string, Buffer>, images: string[]): LabeledImage[] {
  const xmlByStem = new Map([...files.keys()].filter((k) => k.endsWith('.xml')).map((k) => [stem(k), k]));
  const tag = (xml: string, name: string) => Number(new RegExp(`<${name}>\\s*([\\d.]+)\\s*</${name}>`).exec(xml)?.[1] ?? 0);
  return images.flatMap((key) => {
    const xmlKey = xmlByStem.get(stem(key));
    if (!xmlKey) return [];
    const objects = [
      ...files
        .get(xmlKey)!
        .toString('utf8')
        .matchAll(/<object>([\s\S]*?)<\/object>/g),
    ].map((m) => {
      const body = m[1]!;
      const name = /<name>\s*([^<]+?)\s*<\/name>/.exec(body)?.[1] ?? '';
      return { name, area: (tag(body, 'xmax') - tag(body, 'xmin')) * (tag(body, 'ymax') - tag(body, 'ymin')) };
    });
    const best = largest(objects, (o) => o.area);
    return best?.name ? [{ key, label: best.name }] : [];
  });
}

/** Find the annotation format in the snapshot and label each image; null when it has no labels. */
export function readAnnotations(files: Map<string, Buffer>): Annotations | null {
  const images = [...files.keys()].filter((k) => k.toLowerCase().endsWith('.png')).sort();
  const keys = [...files.keys()];
  const cocoKey = keys.find((k) => k.endsWith('.json'));
  if (cocoKey) return { format: 'coco', labels: fromCoco(files.get(cocoKey)!.toString('utf8'), images) };
  if (keys.some((k) => k.endsWith('.xml'))) return { format: 'voc', labels: fromVoc(files, images) };
  if (keys.some((k) => k.endsWith('.txt'))) return { format: 'yolo', labels: fromYolo(files, images) };
  return null;
}

/** Average-pool a PNG to `size`×`size` and return its pixels in [0, 1] (RGB or grey). */
export function pixelFeatures(png: Buffer, size: number, colour: 'rgb' | 'gray'): number[] {
  const image = PNG.sync.read(png);
  const channels = colour === 'rgb' ? 3 : 1;
  const sums = new Float64Array(size * size * channels);
  const counts = new Float64Array(size * size);
  for (let y = 0; y < image.height; y++) {
    const cy = Math.min(size - 1, Math.floor((y * size) / image.height));
    for (let x = 0; x < image.width; x++) {
      const cx = Math.min(size - 1, Math.floor((x * size) / image.width));
      const cell = cy * size + cx;
      const i = (y * image.width + x) * 4;
      const [r, g, b] = [image.data[i]! / 255, image.data[i + 1]! / 255, image.data[i + 2]! / 255];
      if (channels === 3) {
        sums[cell * 3] = sums[cell * 3]! + r;
        sums[cell * 3 + 1] = sums[cell * 3 + 1]! + g;
        sums[cell * 3 + 2] = sums[cell * 3 + 2]! + b;
      } else {
        sums[cell] = sums[cell]! + 0.299 * r + 0.587 * g + 0.114 * b;
      }
      counts[cell] = counts[cell]! + 1;
    }
  }
  return Array.from(sums, (value, i) => value / Math.max(1, counts[Math.floor(i / channels)]!));
}
