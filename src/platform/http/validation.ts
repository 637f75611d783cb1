import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import { AppError } from '../errors.ts';
import { graphemeCount, TEXT_FORMAT_MESSAGES, TEXT_FORMATS } from '../text.ts';

/** ajv options: reject unknown fields rather than drop them silently, and name a bad block type. */
export const AJV_OPTIONS = {
  removeAdditional: false,
  coerceTypes: 'array',
  useDefaults: true,
  allErrors: false,
  discriminator: true,
  // Errors carry the schema value they failed (the limit of maxGraphemes), for messages.
  verbose: true,
} as const;

interface AjvLike {
  addFormat(name: string, format: { type: 'string'; validate: (value: string) => boolean }): unknown;
  addKeyword(
    definition:
      | { keyword: string; type: 'string'; schemaType: 'number'; errors: boolean; validate: (limit: number, value: string) => boolean }
      | { keyword: string; schemaType: 'string' },
  ): unknown;
}

/**
 * What a string schema's `pattern` asks for, in words, for its 400: `is not in the expected form
 * (<this>)`. A keyword of its own (an OpenAPI extension), so the docs' description stays free.
 */
export const PATTERN_MESSAGE = 'x-pattern-message';

/** Our text formats, `maxGraphemes` (a length limit in characters as readers count them), and PATTERN_MESSAGE. */
export function addTextFormats(ajv: AjvLike): AjvLike {
  for (const [name, validate] of Object.entries(TEXT_FORMATS)) ajv.addFormat(name, { type: 'string', validate });
  ajv.addKeyword({ keyword: 'maxGraphemes', type: 'string', schemaType: 'number', errors: false, validate: (limit, value) => graphemeCount(value) <= limit });
  ajv.addKeyword({ keyword: PATTERN_MESSAGE, schemaType: 'string' });
  return ajv;
}

/** `/body/3/content/0/href` -> `body[3].content[0].href` */
function toField(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (extra) parts.push(extra);
  return parts.reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

function describe(error: FastifySchemaValidationError): { message: string; extra?: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { message: 'is required', extra: String(params.missingProperty) };
    case 'additionalProperties':
      return { message: 'is not a field this request accepts', extra: String(params.additionalProperty) };
    case 'discriminator':
      return params.error === 'mapping'
        ? { message: `is an unknown block type "${String(params.tagValue)}"`, extra: String(params.tag) }
        : { message: 'must be a string naming a block type', extra: String(params.tag) };
    case 'maxLength':
      return { message: `must be at most ${String(params.limit)} characters` };
    case 'maxGraphemes':
      return { message: `must be at most ${String((error as { schema?: unknown }).schema)} characters` };
    case 'minLength':
      return { message: Number(params.limit) === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters` };
    case 'maxItems':
      return { message: `must have at most ${String(params.limit)} items` };
    case 'minItems':
      return { message: `must have at least ${String(params.limit)} item${Number(params.limit) === 1 ? '' : 's'}` };
    case 'enum':
      return { message: `must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'format': {
      const format = String(params.format);
      if (format in TEXT_FORMATS) return { message: TEXT_FORMAT_MESSAGES[format as keyof typeof TEXT_FORMATS] };
      if (format === 'date-time') return { message: 'must be a date and time in ISO 8601 form, e.g. 2026-11-26T09:30:00Z' };
      if (format === 'uuid') return { message: 'must be an id (a UUID)' };
      return { message: `must be a valid ${format}` };
    }
    case 'pattern': {
      const asks = (error as { parentSchema?: Record<string, unknown> }).parentSchema?.[PATTERN_MESSAGE];
      return { message: typeof asks === 'string' ? `is not in the expected form (${asks})` : 'is not in the expected form' };
    }
    case 'uniqueItems':
      return { message: 'must not list the same value twice' };
    default:
      return { message: error.message ?? 'is not valid' };
  }
}

/** Turns the first schema violation into an error that names the field in the request's terms. */
export function validationError(errors: FastifySchemaValidationError[], context: string): AppError {
  const first = errors[0];
  if (!first) return new AppError('invalid', 'The request is not valid.');
  const { message, extra } = describe(first);
  const field = toField(first.instancePath, extra);
  const inBody = context === 'body';
  const where = field || (inBody ? 'The request body' : `The ${context}`);
  return new AppError(inBody ? 'invalid' : 'bad_request', `${where} ${message}.`, field || undefined);
}
