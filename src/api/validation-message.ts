/**
 * Turns schema-validation errors into one sentence a person can act on,
 * naming the field: `body.pollIntervalSeconds must be >= 60`. Both TypeBox's
 * and Ajv's error shapes are read (they differ only in the params of
 * `required` and `additionalProperties`).
 */

export interface SchemaError {
  keyword: string;
  instancePath?: string;
  schemaPath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

const MAX_MESSAGES = 3;

/** `/tags/0` under `body` → `body.tags[0]`. */
function fieldName(part: string, instancePath: string | undefined): string {
  const segments = (instancePath ?? '')
    .split('/')
    .filter((s) => s !== '')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return segments.reduce((name, segment) => (/^\d+$/.test(segment) ? `${name}[${segment}]` : `${name}.${segment}`), part);
}

function asStrings(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return value === undefined ? [] : [String(value)];
}

function describe(part: string, error: SchemaError): string | null {
  const field = fieldName(part, error.instancePath);
  const params = error.params ?? {};
  switch (error.keyword) {
    case 'required':
      return asStrings(params.requiredProperties ?? params.missingProperty)
        .map((name) => `${field}.${name} is required`)
        .join('; ');
    case 'additionalProperties':
      return asStrings(params.additionalProperties ?? params.additionalProperty)
        .map((name) => `${field}.${name} is not an accepted field`)
        .join('; ');
    case 'boolean':
      // TypeBox reports an unknown field twice: here as "schema is false", and under additionalProperties.
      return error.schemaPath?.endsWith('/additionalProperties') ? `${field} is not an accepted field` : `${field} is not accepted`;
    case 'enum':
      return `${field} must be one of ${asStrings(params.allowedValues).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      // The members of a union of literals; the anyOf entry after them says it once.
      return null;
    case 'anyOf':
      return `${field} has an unaccepted value`;
    default:
      return `${field} ${error.message ?? 'is invalid'}`;
  }
}

export function validationMessage(part: string, errors: readonly SchemaError[]): string {
  const messages = new Set<string>();
  for (const error of errors) {
    const text = describe(part, error);
    if (text) messages.add(text);
  }
  const list = [...messages];
  const shown = list.slice(0, MAX_MESSAGES).join('; ');
  const more = list.length > MAX_MESSAGES ? ` (and ${list.length - MAX_MESSAGES} more)` : '';
  return (shown || `${part} is invalid`) + more;
}
