import { type RunningSandbox, startSandbox } from '../../sandbox';
import { gql, type Receiver, startReceiver } from './helpers';

const CREATE_WEBHOOK = `mutation W($input: CreateWebhookInput!) { createWebhook(input: $input) {
  data { id secret url label eventTypes headers { key value } version deliveryPaused deleted } error } }`;

describe('sandbox webhooks', () => {
  let sb: RunningSandbox;
  const receivers: Receiver[] = [];
  const receiver = async (statuses?: number[]) => {
    const r = await startReceiver(statuses);
    receivers.push(r);
    return r;
  };
  const subscribe = async (input: Record<string, unknown>) => (await gql(sb.url, CREATE_WEBHOOK, { input })).body.data.createWebhook;
  const touchPatient = async (id: string, comments: string) =>
    (await gql(sb.url, `mutation { updatePatient(id: "${id}", patientData: { comments: "${comments}" }) { error } }`)).body.data.updatePatient.error;

  beforeAll(async () => {
    sb = await startSandbox({ scale: { patients: 100, bookings: 100 } });
  });
  beforeEach(() => {
    sb.control.reset();
    sb.control.configure({ webhookBackoffMs: [20, 40], webhooksEnabled: true });
  });
  afterAll(async () => {
    await sb.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('validates createWebhook input as the webhook guide describes', async () => {
    const ok = { url: 'https://hooks.example.com/semble', eventTypes: ['patient.created'], label: 'CRM sync' };
    const created = await subscribe(ok);
    expect(created.error).toBeNull();
    expect(created.data).toMatchObject({ url: ok.url, eventTypes: ['patient.created'], version: '1', deliveryPaused: false, deleted: false, headers: [] });
    expect(created.data.secret).toMatch(/^[0-9a-f]{64}$/);

    const eleven = ['booking.created', 'booking.updated', 'booking.deleted', 'patient.updated', 'patient.deleted', 'patient.archived',
      'patient.unarchived', 'patient.label.added', 'patient.label.removed', 'patient.phone.added', 'patient.phone.updated'];
    expect((await subscribe({ ...ok, eventTypes: eleven })).error).toMatch(/at most 10/);
    expect((await subscribe({ ...ok, label: 'x'.repeat(257) })).error).toMatch(/256/);
    expect((await subscribe({ ...ok, eventTypes: ['PATIENT_CREATED'] })).error).toMatch(/Unknown event type: PATIENT_CREATED/);
    expect((await subscribe({ ...ok, url: 'http://hooks.example.com/semble', eventTypes: ['patient.updated'] })).error).toBe('url must use HTTPS');
    expect((await subscribe({ ...ok, url: 'http://127.0.0.1:5678/webhook', eventTypes: ['patient.updated'] })).error).toBeNull(); // loopback deviation
    // Same url + eventType pair twice is refused, also on update; other event types on the same url are fine.
    expect((await subscribe({ ...ok, eventTypes: ['patient.updated', 'patient.created'] })).error).toMatch(/already registered/);
    const second = await subscribe({ ...ok, eventTypes: ['patient.updated'] });
    expect(second.error).toBeNull();
    const clash = await gql(sb.url, `mutation { updateWebhook(id: "${second.data.id}", input: { eventTypes: ["patient.created"] }) { data { id } error } }`);
    expect(clash.body.data.updateWebhook.error).toMatch(/already registered/);
    // Once the first subscription is deleted the pair is free again.
    const del = await gql(sb.url, `mutation { deleteWebhook(id: "${created.data.id}") { data { deleted } error } }`);
    expect(del.body.data.deleteWebhook).toEqual({ data: { deleted: true }, error: null });
    expect((await subscribe(ok)).error).toBeNull();
    const list = await gql(sb.url, '{ live: webhooks { id } all: webhooks(includeDeleted: true) { id deleted } }');
    expect(list.body.data.all.length - list.body.data.live.length).toBe(1);

    sb.control.configure({ webhooksEnabled: false });
    expect((await subscribe({ ...ok, url: 'https://other.example.com/x' })).error).toMatch(/not enabled/);
  });

  it('delivers events for real with the registered custom header, ids only', async () => {
    const hook = await receiver();
    const sub = await subscribe({ url: hook.url, eventTypes: ['patient.updated', 'booking.created'], label: 'local', headers: [{ key: 'X-N8N-Auth', value: 's3cret' }] });
    expect(sub.error).toBeNull();
    const patient = [...sb.store.patients.values()][3];
    expect(await touchPatient(patient.id, 'hello')).toBeNull();
    await gql(sb.url, `mutation { createPatient(patientData: { first: "Not", last: "Subscribed" }) { error } }`); // patient.created: not subscribed
    await sb.control.flushDeliveries();

    expect(hook.received).toHaveLength(1);
    const [{ headers, body }] = hook.received;
    expect(headers['x-n8n-auth']).toBe('s3cret');
    expect(headers['content-type']).toBe('application/json');
    expect(body).toEqual({ subscriptionId: sub.data.id, eventId: expect.any(String), eventType: 'patient.updated', identifiers: { patientId: patient.id } });
    expect(JSON.stringify(body)).not.toContain(patient.lastName);
    expect(sb.control.deliveries()).toEqual([expect.objectContaining({ subscriptionId: sub.data.id, eventType: 'patient.updated', attempt: 1, ok: true, status: 200, url: hook.url })]);

    const room = [...sb.store.locations.values()][0];
    const type = [...sb.store.products.values()].find((p) => p.isBookable)!;
    const booking = await gql(sb.url, 'mutation B($d: BookingDataInput) { createBooking(bookingData: $d) { data { id } error } }',
      { d: { patient: patient.id, location: room.id, bookingType: type.id, start: '2030-01-07T10:00:00Z', end: '2030-01-07T10:30:00Z' } });
    await sb.control.flushDeliveries();
    // No doctor on this booking, so the optional doctorId identifier is omitted.
    expect(hook.received[1].body).toMatchObject({ eventType: 'booking.created', identifiers: { bookingId: booking.body.data.createBooking.data.id, patientId: patient.id } });
    expect(Object.keys(hook.received[1].body.identifiers).sort()).toEqual(['bookingId', 'patientId']);
  });

  it('retries failed deliveries with a new eventId each time, then emits webhook.event.deliveryFailed', async () => {
    const failing = await receiver([500]);
    const system = await receiver();
    const sub = await subscribe({ url: failing.url, eventTypes: ['patient.updated'], label: 'always 500' });
    const watcher = await subscribe({ url: system.url, eventTypes: ['webhook.event.deliveryFailed'], label: 'ops' });
    const patient = [...sb.store.patients.values()][7];
    await touchPatient(patient.id, 'retry me');
    await sb.control.flushDeliveries();

    expect(failing.received).toHaveLength(3);
    const eventIds = failing.received.map((r) => r.body.eventId);
    expect(new Set(eventIds).size).toBe(3);
    const attempts = sb.control.deliveries().filter((d) => d.subscriptionId === sub.data.id);
    expect(attempts.map((a) => [a.attempt, a.status, a.ok])).toEqual([[1, 500, false], [2, 500, false], [3, 500, false]]);
    expect(new Set(attempts.map((a) => a.outboxId)).size).toBe(1);

    expect(system.received).toHaveLength(1);
    expect(system.received[0].body).toEqual({
      subscriptionId: watcher.data.id, eventId: expect.any(String), eventType: 'webhook.event.deliveryFailed',
      identifiers: { subscriptionId: sub.data.id, outboxId: attempts[0].outboxId },
      metadata: { failedEventType: 'patient.updated', httpStatusCode: 500 },
    });
  });

  it('stops retrying once a retry succeeds, and records unreachable receivers', async () => {
    const flaky = await receiver([503, 200]);
    const dead = await receiver();
    await dead.close(); // nothing listens on this port any more
    await subscribe({ url: flaky.url, eventTypes: ['patient.phone.added'], label: 'flaky' });
    await subscribe({ url: dead.url, eventTypes: ['patient.phone.added'], label: 'dead' });
    const patient = [...sb.store.patients.values()][9];
    const add = await gql(sb.url, `mutation { addPatientPhoneNumber(patientId: "${patient.id}", phoneData: { phoneNumber: "07700 900111", phoneType: "Mobile" }) { data { phones { phoneId } } error } }`);
    const phoneId = add.body.data.addPatientPhoneNumber.data.phones.at(-1).phoneId;
    await sb.control.flushDeliveries();
    expect(flaky.received.map((r) => r.body.identifiers)).toEqual([{ patientId: patient.id, phoneId }, { patientId: patient.id, phoneId }]);
    const deadAttempts = sb.control.deliveries().filter((d) => d.url === dead.url);
    expect(deadAttempts).toHaveLength(3);
    expect(deadAttempts.every((d) => d.status === null && d.error !== null)).toBe(true);
  });

  it('pausing a subscription stops deliveries and emits webhook.subscription.updated', async () => {
    const hook = await receiver();
    const system = await receiver();
    const sub = await subscribe({ url: hook.url, eventTypes: ['patient.updated'], label: 'pausable' });
    await subscribe({ url: system.url, eventTypes: ['webhook.subscription.updated'], label: 'ops' });
    const pause = (paused: boolean) => gql(sb.url, `mutation { updateWebhook(id: "${sub.data.id}", input: { deliveryPaused: ${paused} }) { data { deliveryPaused } error } }`);
    const patient = [...sb.store.patients.values()][11];

    expect((await pause(true)).body.data.updateWebhook).toEqual({ data: { deliveryPaused: true }, error: null });
    await touchPatient(patient.id, 'while paused');
    await pause(false);
    await touchPatient(patient.id, 'after resume');
    await sb.control.flushDeliveries();

    expect(hook.received).toHaveLength(1);
    const notices = system.received.map((r) => [r.body.eventType, r.body.identifiers, r.body.metadata]);
    expect(notices).toHaveLength(2); // two separate deliveries: arrival order is not guaranteed
    expect(notices).toEqual(expect.arrayContaining([
      ['webhook.subscription.updated', { subscriptionId: sub.data.id }, { deliveryPaused: true }],
      ['webhook.subscription.updated', { subscriptionId: sub.data.id }, { deliveryPaused: false }],
    ]));
  });
});
