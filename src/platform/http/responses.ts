import { Type } from 'typebox';
import { HTTP_STATUS, type ErrorCode } from '../errors.ts';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String(),
        message: Type.String(),
        field: Type.Optional(Type.String({ description: 'path of the offending field, e.g. body[3].href' })),
      },
      { additionalProperties: true },
    ),
  },
  { description: 'What went wrong, in words a person can act on' },
);

/** Response entries for the error codes a route can answer with, for the OpenAPI document. */
export function errorResponses(...codes: ErrorCode[]) {
  return Object.fromEntries(codes.map((code) => [HTTP_STATUS[code], ErrorResponse]));
}
