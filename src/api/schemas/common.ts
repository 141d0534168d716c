/**
 * Building blocks of the route schemas. Every input is bounded: strings by
 * maxLength, arrays by maxItems, integers by range; bodies refuse unknown
 * fields. Outputs are schemas too, so the serializer only ever writes the
 * fields listed here (a webhook's secret cannot leak by accident).
 */
import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { MAX_URL_LENGTH } from '../../fetch/ssrf.js';

export const HttpUrl = Type.String({ minLength: 1, maxLength: MAX_URL_LENGTH, description: 'an absolute http(s) URL' });
// No control characters: no id has them, and PostgreSQL cannot even compare text holding a NUL.
export const Id = Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });
export const Cursor = Type.String({ minLength: 1, maxLength: 500, description: 'nextCursor of the previous page' });
export const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 });
export const DEFAULT_LIMIT = 50;
export const Timestamp = Type.String({ description: 'ISO-8601 UTC' });

export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

export const Keyword = Type.String({ minLength: 1, maxLength: 200 });
export const Keywords = Type.Array(Keyword, { maxItems: 100 });
export const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 });
export const FullText = Type.Enum(['auto', 'always', 'never'], {
  description: 'fetch the article page when the feed only has a summary',
});

export const IdParams = Type.Object({ id: Id });

export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String({ description: 'stable, machine-readable' }),
    error: Type.String(),
    message: Type.String(),
  },
  { additionalProperties: true },
);

/** The error statuses every route can answer with (bad input, auth, limits, failures). */
export const ERROR_RESPONSES = { '4xx': ErrorResponse, '5xx': ErrorResponse } as const;

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });
}
