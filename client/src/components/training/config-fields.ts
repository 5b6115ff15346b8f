/** Reads the JSON Schema `trainingConfigSchema` serves into form fields (Basic and Advanced tabs). */
export interface ConfigField {
  name: string;
  kind: 'integer' | 'number' | 'boolean' | 'enum';
  options: string[];
  defaultValue: string;
  min?: number;
  max?: number;
}

interface JsonSchemaProperty {
  type?: string;
  enum?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

export interface ConfigSchema {
  basic: ConfigField[];
  advanced: ConfigField[];
  models: string[];
}

function fieldsOf(schema: { properties?: Record<string, JsonSchemaProperty> } | undefined): ConfigField[] {
  return Object.entries(schema?.properties ?? {}).map(([name, p]) => ({
    name,
    kind: p.enum ? 'enum' : p.type === 'integer' ? 'integer' : p.type === 'boolean' ? 'boolean' : 'number',
    options: p.enum ?? [],
    defaultValue: p.default === undefined ? '' : String(p.default),
    min: p.minimum ?? p.exclusiveMinimum,
    max: p.maximum,
  }));
}

export function parseConfigSchema(text: string | null | undefined): ConfigSchema | null {
  if (!text) return null;
  const raw = JSON.parse(text) as {
    basic?: { properties?: Record<string, JsonSchemaProperty> };
    advanced?: { properties?: Record<string, JsonSchemaProperty> };
    models?: string[];
  };
  return { basic: fieldsOf(raw.basic), advanced: fieldsOf(raw.advanced), models: raw.models ?? [] };
}

/** Only the fields the user changed, typed as the schema says (the server fills the defaults). */
export function configJson(fields: ConfigField[], values: Record<string, string>): string {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (value === undefined || value === '' || value === field.defaultValue) continue;
    out[field.name] = field.kind === 'boolean' ? value === 'true' : field.kind === 'enum' ? value : Number(value);
  }
  return JSON.stringify(out);
}

/** `fieldName` → label text: `learningRate` → `Learning rate`. */
export const labelOf = (name: string) =>
  name
    .replace(/([A-Z])/g, ' $1')
    .replace(/^./, (c) => c.toUpperCase())
    .replace(/ ([A-Z])/g, (_m, c: string) => ` ${c.toLowerCase()}`);
