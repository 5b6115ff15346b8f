/**
 * What `finalize` learns from a dataset's objects: how many images, how many annotations and which
 * classes, for COCO (`*.json` with `categories`), YOLO (`classes.txt` or a `names:` YAML, `labels/*.txt`)
 * and Pascal VOC (`*.xml` with `<object><name>`). Pure functions over paths and file texts.
 */
import type { AnnotationFormat } from './sample-data';

export const IMAGE_EXTENSION = /\.(png|jpe?g|bmp|webp|tiff?)$/i;
/** Files whose text finalize needs to read (everything else is only counted or archived). */
export const ANNOTATION_FILE = /\.(json|txt|xml|ya?ml)$/i;

export interface DatasetSummary {
  numImages: number;
  numAnnotations: number;
  classNames: string[];
  labeled: boolean;
}

interface CocoFile {
  categories?: Array<{ id?: number; name?: string }>;
  annotations?: unknown[];
}

function coco(texts: Map<string, string>): { classes: string[]; annotations: number } {
  const categories = new Map<number, string>();
  let annotations = 0;
  for (const [path, text] of texts) {
    if (!path.toLowerCase().endsWith('.json')) continue;
    let parsed: CocoFile;
    try {
      parsed = JSON.parse(text) as CocoFile;
    } catch {
      continue; // not every JSON file in a dataset is an annotation file, and a broken one counts as none
    }
    if (!Array.isArray(parsed.categories)) continue;
    for (const c of parsed.categories) if (typeof c.id === 'number' && typeof c.name === 'string') categories.set(c.id, c.name);
    annotations += Array.isArray(parsed.annotations) ? parsed.annotations.length : 0;
  }
  const classes = [...categories.entries()].sort((a, b) => a[0] - b[0]).map(([, name]) => name);
  return { classes, annotations };
}

/** `names: [a, b]`, `names:\n  - a` or `names:\n  0: a` from a YOLO data YAML. */
export function yamlNames(text: string): string[] {
  const inline = /^names:\s*\[(.*)\]\s*$/m.exec(text);
  if (inline)
    return inline[1]!
      .split(',')
      .map((n) => n.trim().replace(/^['"]|['"]$/g, ''))
      .filter(Boolean);
  const block = /^names:\s*\n((?:[ \t]+.*\n?)+)/m.exec(text);
  if (!block) return [];
  return block[1]!
    .split('\n')
    .map((line) => /^\s*(?:-|\d+\s*:)\s*(.+?)\s*$/.exec(line)?.[1]?.replace(/^['"]|['"]$/g, ''))
    .filter((n): n is string => !!n);
}

function yolo(texts: Map<string, string>, declared: string[]): { classes: string[]; annotations: number } {
  let classes: string[] = [];
  let annotations = 0;
  for (const [path, text] of texts) {
    const name = path.split('/').pop()!.toLowerCase();
    if (name === 'classes.txt' || name === 'obj.names')
      classes = text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    else if (/\.ya?ml$/.test(name) && classes.length === 0) classes = yamlNames(text);
    else if (name.endsWith('.txt') && /(^|\/)labels\//.test(path))
      annotations += text.split('\n').filter((l) => /^\d+(\s+[-\d.eE]+){4,}/.test(l.trim())).length;
  }
  return { classes: classes.length ? classes : declared, annotations };
}

function voc(texts: Map<string, string>, declared: string[]): { classes: string[]; annotations: number } {
  const found = new Set<string>();
  let annotations = 0;
  for (const [path, text] of texts) {
    if (!path.toLowerCase().endsWith('.xml')) continue;
    for (const object of text.matchAll(/<object>([\s\S]*?)<\/object>/g)) {
      const name = /<name>\s*([^<]+?)\s*<\/name>/.exec(object[1]!)?.[1];
      if (!name) continue;
      annotations += 1;
      found.add(name);
    }
  }
  // Declared classes keep their order (label ids); classes only the files name follow, sorted.
  const extra = [...found].filter((n) => !declared.includes(n)).sort();
  return { classes: found.size ? [...declared.filter((n) => found.has(n)), ...extra] : declared, annotations };
}

/** Summarise a dataset from its object paths and the texts of its annotation files. */
export function summarize(format: AnnotationFormat, paths: string[], texts: Map<string, string>, declared: string[] = []): DatasetSummary {
  const numImages = paths.filter((p) => IMAGE_EXTENSION.test(p)).length;
  const { classes, annotations } = format === 'coco' ? coco(texts) : format === 'yolo' ? yolo(texts, declared) : voc(texts, declared);
  return { numImages, numAnnotations: annotations, classNames: classes.length ? classes : declared, labeled: annotations > 0 };
}

/** One box of an image, in fractions of the image's width and height (0 to 1), top-left origin. */
export interface ImageBox {
  className: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** `train`, `val`, `test` from a folder named so anywhere in the path; `unassigned` otherwise. */
export function splitOf(path: string): string {
  for (const segment of path.toLowerCase().split('/').slice(0, -1)) {
    if (segment === 'train' || segment === 'training') return 'train';
    if (segment === 'val' || segment === 'valid' || segment === 'validation') return 'val';
    if (segment === 'test' || segment === 'testing') return 'test';
  }
  return 'unassigned';
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const stemOf = (path: string) => baseName(path).replace(/\.[^.]*$/, '');
const clamp = (v: number) => Math.min(1, Math.max(0, v));
const box = (className: string, x: number, y: number, width: number, height: number): ImageBox => ({
  className,
  x: clamp(x),
  y: clamp(y),
  width: clamp(width),
  height: clamp(height),
});

interface CocoDetail {
  images?: Array<{ id?: number; file_name?: string; width?: number; height?: number }>;
  annotations?: Array<{ image_id?: number; category_id?: number; bbox?: number[] }>;
  categories?: Array<{ id?: number; name?: string }>;
}

/** Boxes per image file name (base name for COCO and VOC, stem for YOLO: see `boxesOf`). */
function cocoBoxes(texts: Map<string, string>): Map<string, ImageBox[]> {
  const out = new Map<string, ImageBox[]>();
  for (const [path, text] of texts) {
    if (!path.toLowerCase().endsWith('.json')) continue;
    let parsed: CocoDetail;
    try {
      parsed = JSON.parse(text) as CocoDetail;
    } catch {
      continue;
    }
    if (!Array.isArray(parsed.images) || !Array.isArray(parsed.annotations)) continue;
    const names = new Map((parsed.categories ?? []).map((c) => [c.id, c.name ?? String(c.id)]));
    const images = new Map(parsed.images.map((i) => [i.id, i]));
    for (const a of parsed.annotations) {
      const image = images.get(a.image_id);
      if (!image?.file_name || !image.width || !image.height || !Array.isArray(a.bbox) || a.bbox.length < 4) continue;
      const [x, y, w, h] = a.bbox as [number, number, number, number];
      const list = out.get(baseName(image.file_name)) ?? [];
      list.push(box(names.get(a.category_id) ?? String(a.category_id), x / image.width, y / image.height, w / image.width, h / image.height));
      out.set(baseName(image.file_name), list);
    }
  }
  return out;
}

function yoloBoxes(texts: Map<string, string>, classNames: string[]): Map<string, ImageBox[]> {
  const out = new Map<string, ImageBox[]>();
  for (const [path, text] of texts) {
    if (!path.toLowerCase().endsWith('.txt') || !/(^|\/)labels\//.test(path)) continue;
    const boxes: ImageBox[] = [];
    for (const line of text.split('\n')) {
      const parts = line.trim().split(/\s+/).map(Number);
      if (parts.length < 5 || parts.some((p) => Number.isNaN(p))) continue;
      const [c, cx, cy, w, h] = parts as [number, number, number, number, number];
      boxes.push(box(classNames[c] ?? String(c), cx - w / 2, cy - h / 2, w, h));
    }
    out.set(stemOf(path), boxes);
  }
  return out;
}

function vocBoxes(texts: Map<string, string>): Map<string, ImageBox[]> {
  const out = new Map<string, ImageBox[]>();
  const num = (xml: string, tag: string) => Number(new RegExp(`<${tag}>\\s*([-\\d.]+)\\s*</${tag}>`).exec(xml)?.[1] ?? NaN);
  for (const [path, text] of texts) {
    if (!path.toLowerCase().endsWith('.xml')) continue;
    const file = /<filename>\s*([^<]+?)\s*<\/filename>/.exec(text)?.[1];
    const width = num(text, 'width');
    const height = num(text, 'height');
    if (!file || !(width > 0) || !(height > 0)) continue;
    const boxes: ImageBox[] = [];
    for (const object of text.matchAll(/<object>([\s\S]*?)<\/object>/g)) {
      const name = /<name>\s*([^<]+?)\s*<\/name>/.exec(object[1]!)?.[1];
      const [x0, y0, x1, y1] = ['xmin', 'ymin', 'xmax', 'ymax'].map((tag) => num(object[1]!, tag)) as [number, number, number, number];
      if (!name || [x0, y0, x1, y1].some((v) => Number.isNaN(v))) continue;
      boxes.push(box(name, x0 / width, y0 / height, (x1 - x0) / width, (y1 - y0) / height));
    }
    out.set(baseName(file), boxes);
  }
  return out;
}

/** Boxes of every image path (relative to the dataset folder), read from the annotation files' texts. */
export function boxesByImage(format: AnnotationFormat, imagePaths: string[], texts: Map<string, string>, classNames: string[]): Map<string, ImageBox[]> {
  const byName = format === 'coco' ? cocoBoxes(texts) : format === 'yolo' ? yoloBoxes(texts, classNames) : vocBoxes(texts);
  const key = (path: string) => (format === 'yolo' ? stemOf(path) : baseName(path));
  return new Map(imagePaths.map((path) => [path, byName.get(key(path)) ?? []]));
}

export interface DatasetStatistics {
  numAnnotations: number;
  /** Boxes per class, in `classNames` order first, then classes only the files name (sorted). */
  classCounts: Array<{ className: string; count: number }>;
  /** Images per split (`train`, `val`, `test`, `unassigned`), only splits that have images. */
  splitCounts: Array<{ split: string; count: number }>;
}

export function statisticsOf(boxes: Map<string, ImageBox[]>, classNames: string[]): DatasetStatistics {
  const classes = new Map<string, number>(classNames.map((n) => [n, 0]));
  const splits = new Map<string, number>();
  let numAnnotations = 0;
  for (const [path, list] of boxes) {
    const split = splitOf(path);
    splits.set(split, (splits.get(split) ?? 0) + 1);
    for (const b of list) {
      numAnnotations += 1;
      classes.set(b.className, (classes.get(b.className) ?? 0) + 1);
    }
  }
  const extra = [...classes.keys()].filter((n) => !classNames.includes(n)).sort();
  const order = ['train', 'val', 'test', 'unassigned'];
  return {
    numAnnotations,
    classCounts: [...classNames, ...extra].map((className) => ({ className, count: classes.get(className)! })),
    splitCounts: order.filter((s) => splits.has(s)).map((split) => ({ split, count: splits.get(split)! })),
  };
}
