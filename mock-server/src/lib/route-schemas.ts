/** Pieces every route schema repeats. */

/** `{ 400: ErrorResponse, 404: ErrorResponse, ... }` for the given status codes. */
export const errorResponses = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [code, { $ref: 'ErrorResponse' }])) as Record<number, { $ref: 'ErrorResponse' }>

/** OpenAPI: the route wants `Authorization: Bearer <token>`. */
export const bearerAuth = [{ bearer: [] }]
