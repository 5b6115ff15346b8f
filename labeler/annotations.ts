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
