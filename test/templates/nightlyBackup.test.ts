import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { RunningSandbox } from '../../sandbox';
import type { RunResult } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import { closeIsolatedSandbox, loadTemplate, sembleCredential, startIsolatedSandbox } from './templateTestKit';

/**
 * workflows/nightly-backup.json run through n8n's engine against the Semble sandbox, with an
 * S3-compatible service faked by nock (objects kept in memory: PUT stores, GET lists and
 * reads, DELETE removes). What is stored is read back through the template's own restore branch.
 */

jest.setTimeout(60_000); // the first run loads n8n's node types
const template = loadTemplate('nightly-backup.json');
const S3 = 'https://storage.backup.test';
const BUCKET = 'replace-with-your-bucket';
let sandbox: RunningSandbox;

interface Stored {
	body: string;
	headers: Record<string, unknown>;
}
/** The bucket's objects by key. */
let bucket: Map<string, Stored>;
let requests: string[];

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	s3: {
		endpoint: S3,
		region: 'eu-west-2',
		accessKeyId: 'AKIDTEST',
		secretAccessKey: 'test-only',
		forcePathStyle: true,
	},
});

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
/** ListObjectsV2 with delimiter "/": only the keys directly under the prefix. */
function listing(prefix: string): string {
	const keys = [...bucket.keys()].filter((key) => key.startsWith(prefix) && !key.slice(prefix.length).includes('/'));
	const contents = keys
		.sort()
		.map(
			(key) =>
				`<Contents><Key>${xmlEscape(key)}</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><Size>${bucket.get(key)?.body.length}</Size></Contents>`,
		)
		.join('');
	return `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${BUCKET}</Name><Prefix>${prefix}</Prefix><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`;
}

function fakeS3(): void {
	const keyOf = (uri: string) => decodeURIComponent(new URL(uri, S3).pathname.slice(`/${BUCKET}/`.length));
	nock(S3)
		.persist()
		.get(() => true)
		.reply(function (uri) {
			const url = new URL(uri, S3);
			requests.push(`GET ${url.pathname}${decodeURIComponent(url.search)}`);
			if (url.searchParams.has('location')) {
				return [
					200,
					'<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-2</LocationConstraint>',
				];
			}
			if (url.searchParams.get('list-type') === '2') return [200, listing(url.searchParams.get('prefix') ?? '')];
			const object = bucket.get(keyOf(uri));
			return object
				? [200, object.body, { 'content-type': 'application/json' }]
				: [404, '<Error><Code>NoSuchKey</Code></Error>'];
		});
	nock(S3)
		.persist()
		.put(() => true)
		.reply(function (uri, body) {
			requests.push(`PUT ${new URL(uri, S3).pathname}`);
			bucket.set(keyOf(uri), {
				body: typeof body === 'string' ? body : JSON.stringify(body),
				headers: this.req.headers,
			});
			return [200, ''];
		});
	nock(S3)
		.persist()
		.delete(() => true)
		.reply(function (uri) {
			requests.push(`DELETE ${new URL(uri, S3).pathname}`);
			bucket.delete(keyOf(uri));
			return [204, ''];
		});
}

async function backUp(staticData: IDataObject): Promise<RunResult> {
	const result = await runWorkflow(template, {
		credentials: credentials(),
		startNode: 'Every night at 2am',
		staticData,
	});
	expect(result.error).toBeUndefined();
	return result;
}

/** The template's restore branch, for one file: the records it gives back. */
async function restore(fileKey: string): Promise<IDataObject[]> {
	const copy = JSON.parse(JSON.stringify(template)) as typeof template;
	const which = copy.nodes.find((node) => node.name === 'Which backup') as (typeof copy.nodes)[number];
	const assignments = (which.parameters.assignments as { assignments: Array<{ name: string; value: string }> })
		.assignments;
	(assignments.find((a) => a.name === 'fileKey') as { value: string }).value = fileKey;
	const result = await runWorkflow(copy, { credentials: credentials(), startNode: 'Read a backup' });
	expect(result.error).toBeUndefined();
	return result.output('One item per record').map((item) => item.json);
}

/** The files this run stored: `<folder>/<London date and time>-<kind>.json`. */
const storedBy = (result: RunResult) => {
	const stamp = String(result.output('Since the last backup')[0].json.date);
	expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2}-\d{6}$/);
	return { patients: `semble-backup/${stamp}-patients.json`, bookings: `semble-backup/${stamp}-bookings.json` };
};
const parse = (key: string) =>
	JSON.parse(bucket.get(key)?.body ?? 'null') as {
		kind: string;
		since: string | null;
		until: string;
		records: IDataObject[];
	};
/** Where the last complete backup stopped (the workflow's global static data). */
const watermark = (staticData: IDataObject) => (staticData.global as IDataObject | undefined)?.backupUntil;
const ids = (records: IDataObject[]) => records.map((record) => record.id).sort();

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 23, scale: { patients: 25, bookings: 40 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	bucket = new Map();
	requests = [];
	nock.cleanAll();
	fakeS3();
});

test('first night: every patient and booking (cancelled too), two files named by date, encryption requested; restore gives the records back', async () => {
	const staticData: IDataObject = {};
	const result = await backUp(staticData);
	const keys = storedBy(result);
	expect([...bucket.keys()].sort()).toEqual([keys.bookings, keys.patients]);
	for (const key of [keys.patients, keys.bookings]) {
		expect(bucket.get(key)?.headers).toMatchObject({
			'x-amz-server-side-encryption': 'AES256',
			'content-type': 'application/json',
		});
		expect(String(bucket.get(key)?.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\//);
	}
	// Exactly the uploads, reads and listing expected, and nothing deleted.
	expect(requests.filter((r) => !r.endsWith('?location='))).toEqual([
		`PUT /${BUCKET}/${keys.patients}`,
		`PUT /${BUCKET}/${keys.bookings}`,
		`GET /${BUCKET}?prefix=semble-backup/&delimiter=/&list-type=2`,
	]);

	const patients = parse(keys.patients);
	expect(patients).toMatchObject({ kind: 'patients', since: null });
	expect(ids(patients.records)).toEqual([...sandbox.store.patients.keys()].sort());
	const bookings = parse(keys.bookings);
	expect(ids(bookings.records)).toEqual([...sandbox.store.bookings.keys()].sort());
	expect(bookings.records.some((booking) => booking.deleted === true)).toBe(true);
	// The files hold what Semble returned, field for field.
	expect(patients.records).toEqual(result.output('Patients changed').map((item) => item.json));
	expect(bookings.records).toEqual(result.output('Bookings changed').map((item) => item.json));
	expect(watermark(staticData)).toBe(patients.until);

	// Restore: the template reads each file back into the list of records exported.
	expect(await restore(keys.patients)).toEqual(patients.records);
	expect(await restore(keys.bookings)).toEqual(bookings.records);
});

test('next night: only what changed since, in new files; nothing changed still writes empty files', async () => {
	const staticData: IDataObject = {};
	const first = storedBy(await backUp(staticData));
	const firstUntil = watermark(staticData);
	await sleep(1100); // the next run's file name is a second later

	const patient = [...sandbox.store.patients.values()][3];
	patient.lastName = 'Renamed-Since';
	patient.updatedAt = new Date().toISOString();
	const booking = [...sandbox.store.bookings.values()][5];
	booking.updatedAt = new Date().toISOString();
	const second = storedBy(await backUp(staticData));
	expect(second.patients).not.toBe(first.patients);
	expect(parse(second.patients)).toMatchObject({ since: firstUntil });
	expect(ids(parse(second.patients).records)).toEqual([patient.id]);
	expect(parse(second.patients).records[0]).toMatchObject({ id: patient.id, lastName: 'Renamed-Since' });
	expect(ids(parse(second.bookings).records)).toEqual([booking.id]);
	expect(parse(first.patients).records.length).toBe(sandbox.store.patients.size); // the first night's files are kept

	await sleep(1100);
	const third = storedBy(await backUp(staticData));
	expect(parse(third.patients).records).toEqual([]);
	expect(parse(third.bookings).records).toEqual([]);
	expect(await restore(third.patients)).toEqual([]);
});

test('a failed upload does not move the watermark: the next night exports the same changes again', async () => {
	const before = new Date(Date.now() - 3_600_000).toISOString();
	const staticData: IDataObject = { global: { backupUntil: before } };
	const patient = [...sandbox.store.patients.values()][7];
	patient.updatedAt = new Date().toISOString();
	nock.cleanAll();
	nock(S3)
		.persist()
		.get(() => true)
		.reply(200, '<LocationConstraint>eu-west-2</LocationConstraint>');
	nock(S3)
		.persist()
		.put(() => true)
		.reply(503, '<Error><Code>SlowDown</Code></Error>');
	const failed = await runWorkflow(template, {
		credentials: credentials(),
		startNode: 'Every night at 2am',
		staticData,
	});
	expect(failed.error).toBeDefined();
	expect('Move the watermark' in failed.run.data.resultData.runData).toBe(false);
	expect(watermark(staticData)).toBe(before);

	nock.cleanAll();
	fakeS3();
	const keys = storedBy(await backUp(staticData));
	expect(ids(parse(keys.patients).records)).toContain(patient.id);
});

test('retention: only the newest 30 nights are kept; other files in the folder are never deleted', async () => {
	const night = (day: number) => `2020-01-${String(day).padStart(2, '0')}`;
	for (let day = 1; day <= 31; day++) {
		for (const kind of ['patients', 'bookings'])
			bucket.set(`semble-backup/${night(day)}-020000-${kind}.json`, { body: '{}', headers: {} });
	}
	bucket.set('semble-backup/2020-01-01-030000-patients.json', { body: '{}', headers: {} }); // a second run that night
	bucket.set('semble-backup/README.txt', { body: 'hands off', headers: {} });
	bucket.set('semble-backup-old/2019-12-01-020000-patients.json', { body: '{}', headers: {} });
	await backUp({ global: { backupUntil: new Date().toISOString() } });

	// Tonight plus 31 older nights: the two oldest nights go, every file of them.
	expect(requests.filter((r) => r.startsWith('DELETE')).sort()).toEqual(
		[
			`semble-backup/${night(1)}-020000-bookings.json`,
			`semble-backup/${night(1)}-020000-patients.json`,
			`semble-backup/${night(1)}-030000-patients.json`,
			`semble-backup/${night(2)}-020000-bookings.json`,
			`semble-backup/${night(2)}-020000-patients.json`,
		].map((key) => `DELETE /${BUCKET}/${key}`),
	);
	expect(bucket.has('semble-backup/README.txt')).toBe(true);
	expect(bucket.has('semble-backup-old/2019-12-01-020000-patients.json')).toBe(true);
	expect(bucket.has(`semble-backup/${night(3)}-020000-patients.json`)).toBe(true);
});
