import { CombinedGraphQLErrors, ServerError } from '@apollo/client';
import { ApolloServerErrorCode, ApolloServerValidationErrorCode } from '@apollo/server/errors';
import { ErrorCode } from '../../server/errors';
import { CLIENT_CODES } from '../../server/graphql-errors';
import { VARIABLES_TOO_DEEP } from '../../server/security/input-guard';
import { PERSISTED_QUERY_ERRORS } from '../../server/security/trusted-documents';
import { DashboardError, describeError, errorCode, RequestFailed, WORDED_CODES } from '../../web/src/errors';
import { en, nl } from '../../web/src/messages';

/**
 * The dashboard words failures by `extensions.code` in Dutch (and English), never with the API's English
 * message: every code the server can send needs a sentence of its own, or a person gets the generic one.
 */
const SERVER_CODES = [
  ...new Set<string>([
    ...CLIENT_CODES,
    ErrorCode.INTERNAL_SERVER_ERROR,
    ...Object.values(ApolloServerErrorCode),
    ...Object.values(ApolloServerValidationErrorCode),
    ...Object.values(PERSISTED_QUERY_ERRORS).map((e) => e.code),
    VARIABLES_TOO_DEEP,
  ]),
].sort();

const graphqlError = (message: string, extensions: Record<string, unknown>) =>
  new CombinedGraphQLErrors({ errors: [{ message, extensions }] });

describe('dashboard error wording', () => {
  it.each(SERVER_CODES)('words %s in Dutch and English, keeping what the API said as detail', (code) => {
    const message = `The API's own words about ${code}.`;
    const described = describeError(graphqlError(message, { code }));
    expect(described).toMatchObject({ code, detail: message });
    expect(described.id).not.toBe('error.generic');
    expect(nl[described.id]).toEqual(expect.any(String));
    expect(en[described.id]).toEqual(expect.any(String));
    expect(nl[described.id]).not.toBe(en[described.id]);
  });

  it('has a sentence only for codes the server sends', () => {
    expect(WORDED_CODES.filter((code) => !SERVER_CODES.includes(code))).toEqual([]);
  });

  it('falls back to a general sentence for a code it does not know, and keeps the message', () => {
    expect(describeError(graphqlError('Something new.', { code: 'SOMETHING_NEW' }))).toEqual({
      code: 'SOMETHING_NEW',
      id: 'error.generic',
      field: null,
      detail: 'Something new.',
    });
  });

  it('keeps the field a BAD_USER_INPUT is about', () => {
    const described = describeError(
      graphqlError('"asOf" is not a date.', { code: ErrorCode.BAD_USER_INPUT, field: 'asOf' }),
    );
    expect(described).toMatchObject({ id: 'error.BAD_USER_INPUT', field: 'asOf', detail: '"asOf" is not a date.' });
  });

  it('reads the code of a non-2xx JSON answer (the per-address rate limit) and its wait', () => {
    const body = {
      errors: [
        {
          message: 'Too many requests from this address; try again in 7 s.',
          extensions: { code: 'RATE_LIMITED', retryAfter: 7 },
        },
      ],
    };
    const refused = new ServerError('Response not successful: Received status code 429', {
      response: new Response(null, { status: 429 }),
      bodyText: JSON.stringify(body),
    });
    expect(describeError(refused)).toEqual({
      code: 'RATE_LIMITED',
      id: 'error.RATE_LIMITED.wait',
      values: { seconds: 7 },
      field: null,
      detail: body.errors[0]!.message,
    });
  });

  it('goes by the HTTP status when the answer is not the API’s', () => {
    const proxy = new ServerError('Response not successful: Received status code 502', {
      response: new Response(null, { status: 502 }),
      bodyText: '<html>Bad gateway</html>',
    });
    expect(describeError(proxy)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', id: 'error.SERVICE_UNAVAILABLE' });
    expect(errorCode(new RequestFailed(404, null))).toBe('NOT_FOUND');
  });

  it('reads the errors of the API’s own routes (exports, sign-in)', () => {
    const failed = new RequestFailed(403, {
      errors: [{ message: 'You may not export this.', extensions: { code: ErrorCode.FORBIDDEN } }],
    });
    expect(describeError(failed)).toMatchObject({
      code: 'FORBIDDEN',
      id: 'error.FORBIDDEN',
      detail: 'You may not export this.',
    });
  });

  it('words a failure without a code generally, keeping the browser’s words', () => {
    expect(describeError(new TypeError('Failed to fetch'))).toEqual({
      code: null,
      id: 'error.generic',
      field: null,
      detail: 'Failed to fetch',
    });
  });

  it('shows the dashboard’s own failures as it worded them', () => {
    expect(describeError(new DashboardError('auth.noSignIn'))).toEqual({
      code: null,
      id: 'auth.noSignIn',
      field: null,
      detail: null,
    });
  });
});
