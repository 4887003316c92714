/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- not shipped: test code runs in plain Node */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildClientSchema, buildSchema, getIntrospectionQuery, printSchema } from 'graphql';
import { type RunningSandbox, SIGN_IN_EMAIL, SIGN_IN_PASSWORD, startSandbox } from '../../sandbox';
import { gql } from './helpers';

const SDL_PATH = path.join(__dirname, '..', '..', 'docs', 'semble-api', 'schema.graphql');
const SIGN_IN = `mutation SignIn($email: String!, $password: String!) { signIn(email: $email, password: $password) { token } }`;

describe('sandbox schema and auth', () => {
  let sb: RunningSandbox;
  let clockMs = Date.parse('2026-03-02T10:00:00.000Z');

  beforeAll(async () => {
    sb = await startSandbox({ scale: { patients: 200, bookings: 300 }, now: () => new Date(clockMs) });
  });
  afterAll(() => sb.close());

  it('serves exactly the SDL in docs/semble-api/schema.graphql (via introspection)', async () => {
    const res = await gql(sb.url, getIntrospectionQuery());
    expect(res.status).toBe(200);
    const served = printSchema(buildClientSchema(res.body.data));
    const contract = printSchema(buildSchema(readFileSync(SDL_PATH, 'utf8')));
    expect(served).toBe(contract);
    expect(served).toContain('bookingsWithPagination');
  });

  it('rejects a missing or unknown token with UNAUTHENTICATED and HTTP 401', async () => {
    const missing = await gql(sb.url, '{ practice { id } }', undefined, { token: null });
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ data: null, errors: [{ message: 'Missing token.', extensions: { code: 'UNAUTHENTICATED' } }] });
    const bad = await gql(sb.url, '{ practice { id } }', undefined, { token: 'nope' });
    expect(bad.status).toBe(401);
    expect(bad.body.errors[0]).toEqual({ message: 'Invalid token.', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('uses HTTP 200 for auth failures when authErrorStatus is 200', async () => {
    const other = await startSandbox({ scale: { patients: 10, bookings: 10 }, authErrorStatus: 200 });
    try {
      const res = await gql(other.url, '{ practice { id } }', undefined, { token: 'nope' });
      expect(res.status).toBe(200);
      expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(res.body.data).toBeNull();
    } finally {
      await other.close();
    }
    sb.control.configure({ authErrorStatus: 200 });
    expect((await gql(sb.url, '{ practice { id } }', undefined, { token: null })).status).toBe(200);
    sb.control.configure({ authErrorStatus: 401 });
    expect((await gql(sb.url, '{ practice { id } }', undefined, { token: null })).status).toBe(401);
  });

  it('gives the patients-only token FORBIDDEN naming the missing permission', async () => {
    const token = 'sandbox-patients-only-token';
    const ok = await gql(sb.url, '{ patients(pagination:{page:1,pageSize:1}) { data { id } } practice { name } }', undefined, { token });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.patients.data).toHaveLength(1);

    const res = await gql(sb.url, '{ bookings { data { id } } }', undefined, { token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ bookings: null });
    expect(res.body.errors[0]).toMatchObject({ message: 'Missing permission: bookings', extensions: { code: 'FORBIDDEN', permission: 'bookings' } });

    const mutation = await gql(sb.url, 'mutation { createPatient(patientData:{first:"A", last:"B"}) { error } }', undefined, { token });
    expect(mutation.body.errors[0].extensions).toEqual({ code: 'FORBIDDEN', permission: 'createPatient' });
    expect(sb.store.patients.size).toBe(200);
  });

  it('signIn works without a token and its token expires after signInTokenTtlSeconds', async () => {
    const res = await gql(sb.url, SIGN_IN, { email: SIGN_IN_EMAIL, password: SIGN_IN_PASSWORD }, { token: null });
    expect(res.status).toBe(200);
    const token: string = res.body.data.signIn.token;
    expect(token).toMatch(/\S{20,}/);
    expect((await gql(sb.url, '{ practice { name } }', undefined, { token })).body.data.practice.name).toBe('Sandbox Health Clinic');

    clockMs += 43_199_000;
    expect((await gql(sb.url, '{ practice { id } }', undefined, { token })).status).toBe(200);
    clockMs += 2000;
    const expired = await gql(sb.url, '{ practice { id } }', undefined, { token });
    expect(expired.status).toBe(401);
    expect(expired.body.errors[0]).toEqual({ message: 'Token expired.', extensions: { code: 'UNAUTHENTICATED' } });
    // API tokens do not expire.
    expect((await gql(sb.url, '{ practice { id } }')).status).toBe(200);
  });

  it('rejects wrong sign-in credentials and requires a token for anything besides signIn', async () => {
    const bad = await gql(sb.url, SIGN_IN, { email: SIGN_IN_EMAIL, password: 'wrong' }, { token: null });
    expect(bad.body.data.signIn).toBeNull();
    expect(bad.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const mixed = await gql(sb.url, `mutation { signIn(email:"${SIGN_IN_EMAIL}", password:"${SIGN_IN_PASSWORD}") { token } deletePatient(id:"x") { error } }`, undefined, { token: null });
    expect(mixed.status).toBe(401);
  });

  it('answers invalid documents with HTTP 400 and GRAPHQL_VALIDATION_FAILED / GRAPHQL_PARSE_FAILED', async () => {
    const invalid = await gql(sb.url, '{ patients { data { notAField } } }');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // BookingUpdateDataInput.patient was removed (2026-04-30): sending it is a validation error.
    const removed = await gql(sb.url, 'mutation { updateBooking(id:"x", bookingData:{patient:"y"}) { error } }');
    expect(removed.status).toBe(400);
    expect(removed.body.errors[0].message).toContain('patient');
    const broken = await gql(sb.url, '{ patients { ');
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('returns null for enum fields whose values the schema does not know', async () => {
    const res = await gql(sb.url, '{ products(pagination:{page:1,pageSize:5}) { data { name productType isBookable } } practice { patientSharingMode } }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.products.data.every((p: { productType: unknown }) => p.productType === null)).toBe(true);
    expect(res.body.data.practice.patientSharingMode).toBeNull();
  });
});
