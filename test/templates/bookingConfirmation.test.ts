import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';
import { DateTime } from 'luxon';

import type { BookingRecord, PatientRecord, ProductRecord, RunningSandbox } from '../../sandbox';
import type { WorkflowJson } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import { pollOnce } from '../harness/triggers';
import {
	closeIsolatedSandbox,
	decodeGmailRaw,
	loadTemplate,
	sembleCredential,
	startIsolatedSandbox,
	unusedSeededPatient,
} from './templateTestKit';

/**
 * workflows/booking-confirmation.json run through n8n's engine: bookings are made in the Semble
 * sandbox and the Semble Trigger's real output for them is pinned; Google Sheets and Gmail are
 * intercepted and every request to them is recorded, so what is NOT sent is asserted too.
 */

const template = loadTemplate('booking-confirmation.json');
const TRIGGER = 'New booking in Semble';
const CLINIC = 'Riverside Physio';
const SHEET_ID = '1PrepSheetTestId';

let sandbox: RunningSandbox;
let model: BookingRecord;
let types: Record<'assessment' | 'bloods' | 'screen', ProductRecord>;

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	googleSheetsOAuth2Api: { clientId: 'c', clientSecret: 's', oauthTokenData: { access_token: 'sheets-token' } },
	gmailOAuth2: { clientId: 'c', clientSecret: 's', oauthTokenData: { access_token: 'gmail-token' } },
});

interface Email {
	to: string;
	subject: string;
	text: string;
}
let emails: Email[];
let sheetRequests: Array<{ method: string; path: string; body: unknown }>;
let sheetRows: string[][];

function decodeEmail(raw: string): Email {
	const [head, ...rest] = decodeGmailRaw(raw).split(/\r?\n\r?\n/);
	const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1] ?? '';
	return { to: header('To'), subject: header('Subject'), text: rest.join('\n\n').replace(/\r\n/g, '\n').trim() };
}

function patient(first: string, last: string, email: string | null, consent: boolean): PatientRecord {
	const record = unusedSeededPatient(sandbox);
	Object.assign(record, {
		firstName: first,
		lastName: last,
		email,
		dob: '1984-06-12',
		comments: 'Knee pain since March',
	});
	Object.assign(record.communicationPreferences, {
		receiveEmail: consent,
		receiveSMS: consent,
		promotionalMarketing: consent,
	});
	return record;
}

/** A booking made just now in Semble, starting `inDays` from now at 14:30 UK time. */
function book(who: PatientRecord | null, type: ProductRecord, inDays: number, overrides: Partial<BookingRecord> = {}) {
	const day = DateTime.now()
		.setZone('Europe/London')
		.plus({ days: inDays })
		.set({ hour: 14, minute: 30, second: 0, millisecond: 0 });
	const now = new Date().toISOString();
	const booking: BookingRecord = {
		...model,
		id: `bk-${who?.id ?? 'block'}-${type.id}-${inDays}`,
		patientId: who?.id ?? '',
		bookingTypeId: who ? type.id : '',
		start: day.toUTC().toISO() as string,
		end: day.plus({ minutes: 45 }).toUTC().toISO() as string,
		comments: 'Referred by GP: suspected ACL tear',
		deleted: false,
		cancellationReason: null,
		bookingJourney: { arrived: null, consultation: null, departed: null, dna: null },
		createdAt: now,
		updatedAt: now,
		...overrides,
	};
	sandbox.store.bookings.set(booking.id, booking);
	return booking;
}

/** What the published Semble Trigger emits for the bookings made in the last hour. */
async function newBookings(): Promise<INodeExecutionData[]> {
	const parameters = {
		resource: 'booking',
		event: 'created',
		options: { firstRun: 'backfill', backfillHours: 1, safetyLagMinutes: 0 },
	};
	return (await pollOnce({ parameters, credentials: { sembleApi: sembleCredential(sandbox) }, staticData: {} })) ?? [];
}

function configured(): WorkflowJson {
	const json = JSON.parse(JSON.stringify(template)) as WorkflowJson;
	const details = json.nodes.find((node) => node.name === 'Confirmation details');
	(details?.parameters.assignments as { assignments: Array<{ name: string; value: string }> }).assignments[0].value =
		CLINIC;
	const sheet = json.nodes.find((node) => node.name === 'Preparation instructions');
	(sheet?.parameters.documentId as { value: string }).value = SHEET_ID;
	return json;
}

async function run(items: INodeExecutionData[]) {
	const result = await runWorkflow(
		{ ...configured(), pinData: { [TRIGGER]: items } },
		{ credentials: credentials(), startNode: TRIGGER },
	);
	expect(result.error).toBeUndefined();
	return result;
}

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 161, scale: { patients: 20, bookings: 5 }, rateLimitPerMinute: 0 });
	model = [...sandbox.store.bookings.values()][0];
	sandbox.store.bookings.clear();
	const bookable = [...sandbox.store.products.values()].filter((product) => product.isBookable);
	types = { assessment: bookable[0], bloods: bookable[1], screen: bookable[2] };
	types.assessment.name = 'Initial physiotherapy assessment';
	types.bloods.name = 'Blood test';
	types.screen.name = 'Sexual health screen';
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	emails = [];
	sheetRequests = [];
	sheetRows = [];
	nock.cleanAll();
	sandbox.store.bookings.clear();
	const sheets = nock('https://sheets.googleapis.com').persist();
	for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
		sheets.intercept(/.*/, method).reply(function (uri, body) {
			expect(this.req.headers.authorization).toBe('Bearer sheets-token');
			sheetRequests.push({ method: method.toUpperCase(), path: uri, body: body || undefined });
			// The node first looks the tab up by name, then reads its values.
			if (!uri.includes('/values/')) return [200, { sheets: [{ properties: { sheetId: 0, title: 'Preparation' } }] }];
			return [200, { range: 'Preparation!A1:C10', majorDimension: 'ROWS', values: sheetRows }];
		});
	}
	nock('https://www.googleapis.com')
		.persist()
		.post('/gmail/v1/users/me/messages/send')
		.matchHeader('authorization', 'Bearer gmail-token')
		.reply(200, (_uri, body) => {
			emails.push(decodeEmail((body as { raw: string }).raw));
			return { id: `m${emails.length}`, threadId: `t${emails.length}`, labelIds: ['SENT'] };
		});
});

const HEADER = ['Appointment type ID', 'Appointment type', 'Instructions'];
const site = () => sandbox.store.locations.get(model.locationId)?.groupName as string;
const dateOf = (booking: BookingRecord) =>
	DateTime.fromISO(booking.start).setZone('Europe/London').toFormat('cccc d LLLL');

/** The confirmation as the template words it. */
function confirmation(to: string, first: string, booking: BookingRecord, instructions: string): Email {
	return {
		to,
		subject: `Your appointment at ${CLINIC} on ${dateOf(booking)}`,
		text: [
			`Hello ${first},`,
			`Your appointment at ${CLINIC} is booked for ${dateOf(booking)} at 14:30 (${site()}).`,
			`Before your appointment:\n${instructions}`,
			'If you need to change or cancel it, please reply to this email or call us.',
			`Best wishes,\nThe team at ${CLINIC}`,
		].join('\n\n'),
	};
}

const sheetReads = [
	{ method: 'GET', path: `/v4/spreadsheets/${SHEET_ID}?fields=sheets.properties`, body: undefined },
	{
		method: 'GET',
		path: `/v4/spreadsheets/${SHEET_ID}/values/'Preparation'?valueRenderOption=UNFORMATTED_VALUE&dateTimeRenderOption=FORMATTED_STRING`,
		body: undefined,
	},
];

test('every upcoming booking of a patient with an email gets one confirmation with its type’s instructions, consent or not', async () => {
	const amelia = patient('Amelia', 'Thornbury', 'amelia@example.com', false); // no marketing consent: still confirmed
	const bilal = patient('Bilal', 'Adeyemi', ' Bilal.Adeyemi@example.org ', true);
	const carys = patient('Carys', 'Llewellyn', 'carys@example.net', true);
	const dev = patient('Dev', 'Patel', null, true);
	const eve = patient('Eve', 'Marsh', 'eve-at-example.com', true);
	const fay = patient('Fay', 'Holt', 'fay@example.com', true);
	const gus = patient('Gus', 'Reid', 'gus@example.com', true);
	const assessment = book(amelia, types.assessment, 3);
	const bloods = book(bilal, types.bloods, 4);
	const screen = book(carys, types.screen, 5);
	book(dev, types.assessment, 3);
	book(eve, types.assessment, 3);
	book(fay, types.assessment, 3, { deleted: true, cancellationReason: 'Unwell' });
	book(gus, types.assessment, -1); // entered after the visit
	book(null, types.assessment, 2, { outOfOffice: true }); // blocked time: nobody to tell
	sheetRows = [
		HEADER,
		[types.assessment.id, 'Initial physiotherapy assessment', 'Wear shorts or loose clothing.'],
		['', ' blood test ', 'Do not eat for 8 hours before.'],
		['default', '', 'Please arrive 10 minutes early.'],
	];
	const items = await newBookings();
	expect(items).toHaveLength(7); // the Semble Trigger never emits blocked time
	sandbox.control.clearLog();

	// The template skips a booking without a patient by itself too (as one would come from Get Many).
	await run([...items, { json: { ...items[0].json, id: 'blocked-time', patientId: null } }]);

	expect(emails.sort((a, b) => a.to.localeCompare(b.to))).toEqual([
		confirmation('amelia@example.com', 'Amelia', assessment, 'Wear shorts or loose clothing.'),
		confirmation('Bilal.Adeyemi@example.org', 'Bilal', bloods, 'Do not eat for 8 hours before.'),
		confirmation('carys@example.net', 'Carys', screen, 'Please arrive 10 minutes early.'), // type not in the sheet
	]);
	// The sheet is read once for the three, and only by its ID and tab.
	expect(sheetRequests).toEqual(sheetReads);
	// Semble: one patient read per upcoming patient booking, nothing written.
	expect(sandbox.control.requestLog().map((entry) => entry.operationName)).toEqual(Array(5).fill('GetPatient'));
	// What the emails say: nothing beyond first name, clinic, date, time, site and instructions.
	const said = JSON.stringify(emails.map(({ subject, text }) => [subject, text]));
	for (const secret of [
		'Thornbury',
		'Adeyemi',
		'Llewellyn',
		'1984',
		'Knee',
		'ACL',
		'GP',
		sandbox.store.users.get(model.doctorId as string)?.lastName as string, // the clinician
		'Consulting Room',
		'Initial physiotherapy',
		'Blood test',
		'Sexual',
		amelia.id,
		assessment.id,
	]) {
		expect(said).not.toContain(secret);
	}
});

test('a sheet with no row for the type and no default row: the confirmation still goes, with a safe line', async () => {
	const amelia = patient('Ada', 'Quinn', 'ada@example.com', true);
	const screen = book(amelia, types.screen, 2);
	sheetRows = [HEADER];
	await run(await newBookings());
	expect(emails).toEqual([
		confirmation(
			'ada@example.com',
			'Ada',
			screen,
			'If you are not sure how to prepare, reply to this email or call us.',
		),
	]);
});

test('nothing to confirm: Google Sheets is not even read, and no email goes', async () => {
	book(patient('Ivy', 'Stone', 'ivy@example.com', true), types.assessment, 3, {
		deleted: true,
		cancellationReason: 'Moved away',
	});
	book(patient('Jon', 'Ash', null, true), types.assessment, 3);
	await run(await newBookings());
	expect(sheetRequests).toEqual([]);
	expect(emails).toEqual([]);
});
