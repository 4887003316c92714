import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { BookingRecord, PatientRecord, ProductRecord, RunningSandbox, UserRecord } from '../../sandbox';
import type { RunResult, WorkflowJson } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import { pollOnce } from '../harness/triggers';
import {
	closeIsolatedSandbox,
	loadTemplate,
	sembleCredential,
	startIsolatedSandbox,
	unusedSeededPatient,
} from './templateTestKit';

/**
 * workflows/arrivals-to-teams.json run through n8n's engine: the real Semble Trigger reads
 * journey steps from the sandbox, graph.microsoft.com is intercepted and every request to it
 * recorded, so "nothing else was posted" is asserted too.
 */

const template = loadTemplate('arrivals-to-teams.json');
const TRIGGER = 'Journey step in Semble';
const DEFAULT_TEAM = '00000000-0000-4000-8000-000000000000';
const DEFAULT_CHANNEL = '19:replace-with-your-reception-channel@thread.tacv2';

let sandbox: RunningSandbox;
let model: BookingRecord;
let doctors: UserRecord[];
let amelia: PatientRecord;
let bilal: PatientRecord;
let product: ProductRecord;

interface Post {
	method: string;
	path: string;
	body: Record<string, unknown>;
}
let posts: Post[];

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	microsoftTeamsOAuth2Api: {
		clientId: 'client',
		clientSecret: 'secret',
		oauthTokenData: { access_token: 'teams-token', refresh_token: 'r' },
	},
});

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const noJourney = { arrived: null, consultation: null, departed: null, dna: null };

function booking(id: string, patient: PatientRecord, overrides: Partial<BookingRecord> = {}): BookingRecord {
	return {
		...model,
		id,
		patientId: patient.id,
		doctorId: doctors[0].id,
		bookingTypeId: product.id,
		comments: 'Follow-up: knee pain, MRI results',
		deleted: false,
		cancellationReason: null,
		bookingJourney: { ...noJourney, arrived: minutesAgo(2) },
		updatedAt: minutesAgo(2),
		...overrides,
	};
}

function only(...bookings: BookingRecord[]): void {
	sandbox.store.bookings.clear();
	for (const b of bookings) sandbox.store.bookings.set(b.id, b);
}

async function run(workflow: WorkflowJson = template): Promise<RunResult> {
	const result = await runWorkflow(workflow, { credentials: credentials(), startNode: TRIGGER });
	expect(result.error).toBeUndefined();
	return result;
}

/** The path Graph gets for a channel's messages (as the Teams node sends it). */
const channelPath = (team: string, channel: string) => `/beta/teams/${team}/channels/${channel}/messages`;
const message = (text: string) => ({ body: { contentType: 'text', content: text } });

function withChannels(mapping: Record<string, { teamId: string; channelId: string }>): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(template)) as WorkflowJson;
	const node = copy.nodes.find((n) => n.name === 'Channel per clinician');
	const assignments = (node?.parameters.assignments as { assignments: Array<{ name: string; value: string }> })
		.assignments;
	(assignments.find((a) => a.name === 'channelByClinician') as { value: string }).value = JSON.stringify(mapping);
	return copy;
}

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 93, scale: { patients: 10, bookings: 5 }, rateLimitPerMinute: 0 });
	model = [...sandbox.store.bookings.values()][0];
	doctors = [...sandbox.store.users.values()].filter((user) => user.isDoctor);
	expect(doctors.length).toBeGreaterThanOrEqual(2);
	product = [...sandbox.store.products.values()].find((p) => p.isBookable) as ProductRecord;
	product.name = 'Sexual health screen';
	amelia = unusedSeededPatient(sandbox);
	Object.assign(amelia, { firstName: 'Amelia', lastName: 'thornbury', dob: '1984-06-12', email: 'amelia@example.com' });
	amelia.phones = [{ phoneId: 'p1', phoneType: 'Mobile', phoneNumber: '07700 900123' }];
	bilal = unusedSeededPatient(sandbox);
	Object.assign(bilal, { firstName: 'Bilal', lastName: 'Okafor' });
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	posts = [];
	nock.cleanAll();
	const scope = nock('https://graph.microsoft.com').persist();
	for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
		scope.intercept(/.*/, method).reply(function (uri, body) {
			expect(this.req.headers.authorization).toBe('Bearer teams-token');
			posts.push({ method: method.toUpperCase(), path: uri, body: (body || {}) as Record<string, unknown> });
			return [201, { id: `m${posts.length}` }];
		});
	}
});

test('an arrival posts "Amelia T. has arrived." to the default channel, and nothing else about the patient', async () => {
	only(booking('64d0000000000000000000a1', amelia));
	await run();
	expect(posts).toEqual([
		{ method: 'POST', path: channelPath(DEFAULT_TEAM, DEFAULT_CHANNEL), body: message('Amelia T. has arrived.') },
	]);
	const sent = JSON.stringify(posts);
	for (const secret of [
		'thornbury',
		'Thornbury',
		'1984',
		'900123',
		'amelia@',
		'Sexual',
		'knee',
		'MRI',
		amelia.id,
		doctors[0].lastName,
	]) {
		expect(sent).not.toContain(secret);
	}
});

test('bookings that have not arrived post nothing: booked, no-show, cancelled, in consultation without arrival', async () => {
	only(
		booking('64d0000000000000000000b1', bilal, { bookingJourney: noJourney }),
		booking('64d0000000000000000000b2', bilal, { bookingJourney: { ...noJourney, dna: minutesAgo(3) } }),
		booking('64d0000000000000000000b3', bilal, { deleted: true, cancellationReason: 'Unwell' }),
		booking('64d0000000000000000000b4', bilal, { bookingJourney: { ...noJourney, consultation: minutesAgo(3) } }),
		booking('64d0000000000000000000b5', amelia),
	);
	await run();
	expect(posts.map((post) => post.body)).toEqual([message('Amelia T. has arrived.')]);
});

test('arrived, seen and completed in one check: one post, for the arrival only', async () => {
	only(
		booking('64d0000000000000000000c1', amelia, {
			bookingJourney: { arrived: minutesAgo(9), consultation: minutesAgo(6), departed: minutesAgo(1), dna: null },
		}),
	);
	const result = await run();
	expect(
		result
			.output(TRIGGER)
			.map((item) => item.json.journeyStage)
			.sort(),
	).toEqual(['arrived', 'completed', 'in consultation']);
	expect(posts).toHaveLength(1);
});

test('a clinician with their own channel gets their arrivals there; everyone else goes to the default', async () => {
	const own = { teamId: '11111111-1111-4111-8111-111111111111', channelId: '19:dr-own@thread.tacv2' };
	only(
		booking('64d0000000000000000000d1', amelia, { doctorId: doctors[0].id }),
		booking('64d0000000000000000000d2', bilal, { doctorId: doctors[1].id }),
	);
	await run(withChannels({ [doctors[0].id]: own }));
	expect(posts.map((post) => [post.path, post.body]).sort()).toEqual(
		[
			[channelPath(own.teamId, own.channelId), message('Amelia T. has arrived.')],
			[channelPath(DEFAULT_TEAM, DEFAULT_CHANNEL), message('Bilal O. has arrived.')],
		].sort(),
	);
});

test('once per arrival: the published trigger emits an arrival once, and a later edit of the booking posts nothing', async () => {
	only();
	const parameters = { resource: 'booking', event: 'journey', options: { safetyLagMinutes: 0 } };
	const staticData: IDataObject = {};
	const poll = async () =>
		(await pollOnce({ parameters, credentials: { sembleApi: sembleCredential(sandbox) }, staticData })) ?? [];
	expect(await poll()).toEqual([]); // published: nothing before now
	// The arrival falls strictly between the polls (the watermark moves in milliseconds).
	const tick = async () => await sleep(50);
	await tick();
	const arriving = booking('64d0000000000000000000e1', amelia, {
		bookingJourney: { ...noJourney, arrived: new Date().toISOString() },
		updatedAt: new Date().toISOString(),
	});
	sandbox.store.bookings.set(arriving.id, arriving);
	await tick();
	const first = await poll();
	await tick();
	sandbox.store.bookings.set(arriving.id, {
		...arriving,
		comments: 'Edited after arrival',
		updatedAt: new Date().toISOString(),
	});
	await tick();
	const second = await poll();
	expect(first.map((item) => item.json.journeyStage)).toEqual(['arrived']);
	expect(second).toEqual([]);
	for (const items of [first, second]) {
		if (items.length) await run({ ...template, pinData: { [TRIGGER]: items } });
	}
	expect(posts).toHaveLength(1);
});
