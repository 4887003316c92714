import { type RunningSandbox, startSandbox } from '../../sandbox';
import { gql, waitUntil } from './helpers';

const CREATE = 'mutation Create($d: CreatePatientDataInput) { createPatient(patientData: $d) { data { id createdAt } error } }';
const vars = (first: string) => ({ d: { first, last: 'Faulty', email: `${first.toLowerCase()}@example.com` } });
const named = (sb: RunningSandbox, first: string) => [...sb.store.patients.values()].filter((p) => p.firstName === first);

describe('sandbox rate limit', () => {
  let sb: RunningSandbox;
  let clockMs = Date.parse('2026-02-02T12:00:00.000Z');
  beforeAll(async () => {
    sb = await startSandbox({ scale: { patients: 50, bookings: 50 }, rateLimitPerMinute: 5, now: () => new Date(clockMs) });
  });
  afterAll(() => sb.close());

  it('answers 429 with Retry-After past the per-token limit, executes nothing, and recovers as the window slides', async () => {
    for (let i = 0; i < 5; i++) {
      clockMs += 1000;
      expect((await gql(sb.url, '{ practice { id } }')).status).toBe(200);
    }
    const limited = await gql(sb.url, CREATE, vars('Limited'));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBe(56);
    expect(limited.body).toEqual({ data: null, errors: [{ message: 'Too many requests', extensions: { code: 'RATE_LIMITED' } }] });
    expect(named(sb, 'Limited')).toHaveLength(0);
    expect(sb.control.requestLog().at(-1)).toMatchObject({ status: 429, rootFields: ['createPatient'], tokenLabel: 'api' });

    // Another token has its own window.
    expect((await gql(sb.url, '{ practice { id } }', undefined, { token: 'sandbox-patients-only-token' })).status).toBe(200);

    clockMs += 56_000; // the first request leaves the 60 s window
    expect((await gql(sb.url, CREATE, vars('Later'))).status).toBe(200);
    expect((await gql(sb.url, '{ practice { id } }')).status).toBe(429);

    sb.control.setRateLimit(0);
    for (let i = 0; i < 10; i++) expect((await gql(sb.url, '{ practice { id } }')).status).toBe(200);
  });
});

describe('sandbox faults, request log and control API', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ scale: { patients: 100, bookings: 100 } });
  });
  afterAll(() => sb.close());
  beforeEach(() => {
    sb.control.clearFaults();
    sb.control.clearLog();
  });

  it('http429: 429 + Retry-After, not executed', async () => {
    sb.control.injectFault({ kind: 'http429', retryAfterSeconds: 7 });
    const res = await gql(sb.url, CREATE, vars('Fault429'));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(named(sb, 'Fault429')).toHaveLength(0);
    expect((await gql(sb.url, CREATE, vars('Fault429'))).status).toBe(200); // count defaults to 1
  });

  it('http500: 5xx with a non-JSON body (or JSON when a message is given), not executed', async () => {
    sb.control.injectFault([{ kind: 'http500' }, { kind: 'http500', status: 503, message: 'Service unavailable', retryAfterSeconds: 2 }]);
    const html = await gql(sb.url, CREATE, vars('Fault500'));
    expect(html.status).toBe(500);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(typeof html.body).toBe('string');
    const json = await gql(sb.url, CREATE, vars('Fault500'));
    expect(json.status).toBe(503);
    expect(json.headers.get('retry-after')).toBe('2');
    expect(json.body.errors[0].message).toBe('Service unavailable');
    expect(named(sb, 'Fault500')).toHaveLength(0);
  });

  it('slow: executes the write, then delays the response (a timed-out client must not retry it)', async () => {
    sb.control.injectFault({ kind: 'slow', delayMs: 600 });
    const aborted = await fetch(sb.url, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-token': sb.apiToken },
      body: JSON.stringify({ query: CREATE, variables: vars('SlowWrite') }), signal: AbortSignal.timeout(150),
    }).then(() => 'answered', (e: Error) => e.name);
    expect(aborted).toBe('TimeoutError');
    expect(named(sb, 'SlowWrite')).toHaveLength(1); // the write happened although the client gave up
    // The server still finishes its delayed answer; wait for it so it does not land in the next test's log.
    await waitUntil(() => sb.control.requestLog().some((e) => e.fault === 'slow'));

    sb.control.injectFault({ kind: 'slow', delayMs: 300 });
    const started = Date.now();
    const res = await gql(sb.url, '{ practice { id } }');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('close() does not wait for a pending slow answer', async () => {
    const other = await startSandbox({ scale: { patients: 10, bookings: 10 } });
    other.control.injectFault({ kind: 'slow', delayMs: 20_000 });
    const pending = gql(other.url, CREATE, vars('SlowClose')).then(() => 'answered', () => 'failed');
    await waitUntil(() => named(other, 'SlowClose').length === 1);
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBe('failed');
  });

  it('reset: executes then drops the connection; beforeExecute drops it without executing', async () => {
    sb.control.injectFault({ kind: 'reset' });
    const err = await gql(sb.url, CREATE, vars('ResetAfter')).then(() => null, (e: Error & { cause?: { code?: string } }) => e);
    expect(err?.message).toBe('fetch failed'); // fetch's TypeError comes from another realm, so no instanceof
    expect(err?.cause?.code).toBe('ECONNRESET');
    expect(named(sb, 'ResetAfter')).toHaveLength(1);

    sb.control.injectFault({ kind: 'reset', beforeExecute: true });
    await expect(gql(sb.url, CREATE, vars('ResetBefore'))).rejects.toThrow();
    expect(named(sb, 'ResetBefore')).toHaveLength(0);
    expect(sb.control.requestLog().map((e) => [e.fault, e.status])).toEqual([['reset', 0], ['reset', 0]]);
  });

  it('malformed: HTTP 200 with a body that is not JSON, not executed', async () => {
    sb.control.injectFault({ kind: 'malformed' });
    const res = await fetch(sb.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-token': sb.apiToken }, body: JSON.stringify({ query: CREATE, variables: vars('Malformed') }) });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(named(sb, 'Malformed')).toHaveLength(0);
  });

  it('graphqlError: 200 with errors[] INTERNAL_SERVER_ERROR and data null, not executed', async () => {
    sb.control.injectFault({ kind: 'graphqlError' });
    const res = await gql(sb.url, CREATE, vars('GqlError'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: null, errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    expect(named(sb, 'GqlError')).toHaveLength(0);
  });

  it('payloadError: only mutations; every root field gets {data:null, error} unexecuted', async () => {
    sb.control.injectFault({ kind: 'payloadError', message: 'Patient is locked' });
    expect((await gql(sb.url, '{ practice { name } }')).body.data.practice.name).toBe('Sandbox Health Clinic'); // queries pass
    const res = await gql(sb.url, `mutation { a: createPatient(patientData: { first: "PayloadA", last: "X" }) { data { id } error }
      b: createPatient(patientData: { first: "PayloadB", last: "X" }) { data { id } error } }`);
    expect(res.body).toEqual({ data: { a: { data: null, error: 'Patient is locked' }, b: { data: null, error: 'Patient is locked' } } });
    expect(named(sb, 'PayloadA')).toHaveLength(0);
    expect(sb.control.requestLog().map((e) => e.fault)).toEqual([undefined, 'payloadError']);
  });

  it('expiredToken: answers as for an expired token, not executed', async () => {
    sb.control.injectFault({ kind: 'expiredToken' });
    const res = await gql(sb.url, CREATE, vars('Expired'));
    expect(res.status).toBe(401);
    expect(res.body.errors[0]).toEqual({ message: 'Token expired.', extensions: { code: 'UNAUTHENTICATED' } });
    expect(named(sb, 'Expired')).toHaveLength(0);
  });

  it('match and count limit which requests a fault hits', async () => {
    sb.control.injectFault({ kind: 'graphqlError', match: 'bookings', count: 2 });
    expect((await gql(sb.url, '{ patients { data { id } } }')).body.errors).toBeUndefined();
    expect((await gql(sb.url, '{ bookings { data { id } } }')).body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect((await gql(sb.url, '{ bookings { data { id } } }')).body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect((await gql(sb.url, '{ bookings { data { id } } }')).body.errors).toBeUndefined();
    expect(sb.control.pendingFaults()).toEqual([]);
  });

  it('logs every request without tokens, variables or patient data, and counts root fields', async () => {
    await gql(sb.url, 'query Find($s: String) { patients(search: $s) { data { id } } practice { id } }', { s: 'secret-search@example.com' });
    await gql(sb.url, '{ patients { data { id } } }', undefined, { token: 'wrong-token-value' });
    const log = sb.control.requestLog();
    expect(log).toEqual([
      { at: expect.any(String), operationName: 'Find', rootFields: ['patients', 'practice'], kind: 'query', status: 200, tokenLabel: 'api' },
      { at: expect.any(String), operationName: null, rootFields: ['patients'], kind: 'query', status: 401, tokenLabel: 'invalid' },
    ]);
    const text = JSON.stringify(log);
    expect(text).not.toContain('sandbox-api-token');
    expect(text).not.toContain('wrong-token-value');
    expect(text).not.toContain('secret-search');
    expect(sb.control.rootFieldCounts()).toEqual({ patients: 2, practice: 1 });
  });

  it('offers the same powers over HTTP under /__sandbox/', async () => {
    const call = async (method: string, route: string, body?: unknown) => {
      const res = await fetch(`${sb.baseUrl}/__sandbox${route}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return { status: res.status, body: (await res.json()) as any };
    };
    expect(await call('GET', '/health')).toEqual({ status: 200, body: { ok: true } });
    expect((await call('POST', '/faults', { kind: 'nope' })).status).toBe(400);
    expect((await call('POST', '/faults', { kind: 'http500', status: 502 })).status).toBe(200);
    expect((await gql(sb.url, '{ practice { id } }')).status).toBe(502);
    const log = await call('GET', '/log');
    expect(log.body.entries.at(-1)).toMatchObject({ status: 502, fault: 'http500' });
    expect(log.body.countsByRootField).toEqual({ practice: 1 });
    expect((await call('DELETE', '/log')).status).toBe(200);
    expect(sb.control.requestLog()).toEqual([]);

    expect((await call('POST', '/config', { rateLimitPerMinute: 1, authErrorStatus: 200, webhooksEnabled: false })).body).toMatchObject({ rateLimitPerMinute: 1, authErrorStatus: 200, webhooksEnabled: false });
    expect((await gql(sb.url, '{ practice { id } }')).status).toBe(200);
    expect((await gql(sb.url, '{ practice { id } }')).status).toBe(429);
    expect((await gql(sb.url, '{ practice { id } }', undefined, { token: null })).status).toBe(200); // auth errors now use 200
    await call('POST', '/config', { rateLimitPerMinute: 0, authErrorStatus: 401, webhooksEnabled: true });

    const shifted = await call('POST', '/clock', { offsetMs: 86_400_000 });
    expect(Date.parse(shifted.body.now) - Date.now()).toBeGreaterThan(86_000_000);
    const created = await gql(sb.url, CREATE, vars('Tomorrow'));
    expect(Date.parse(created.body.data.createPatient.data.createdAt) - Date.now()).toBeGreaterThan(86_000_000);
    await call('POST', '/clock', { offsetMs: 0 });

    expect((await call('GET', '/deliveries')).body).toEqual({ deliveries: [] });
    expect(sb.store.patients.size).toBeGreaterThan(100);
    const reset = await call('POST', '/reset');
    expect(reset.body).toMatchObject({ ok: true, patients: 100 });
    expect(named(sb, 'Tomorrow')).toHaveLength(0);
  });
});
