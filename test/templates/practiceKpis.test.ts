import nock from 'nock';

import type {
	BookingRecord,
	InvoiceRecord,
	LocationRecord,
	PatientRecord,
	RunningSandbox,
	UserRecord,
} from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import {
	closeIsolatedSandbox,
	createPatient,
	loadTemplate,
	sembleCredential,
	startIsolatedSandbox,
} from './templateTestKit';

/**
 * workflows/practice-kpis.json run through n8n's engine against the Semble sandbox, with the
 * clock at Tuesday 10 March 2026, 03:00 (so "yesterday" is Monday 9 March and the 28 days are
 * 9 February to 9 March, no clock change). Google Sheets and Power BI are fakes behind nock;
 * every request they get is recorded. Only aggregates may reach them.
 */

const template = loadTemplate('practice-kpis.json');
const NOW = Date.parse('2026-03-10T03:00:00Z');
const SHEETS = 'https://sheets.googleapis.com';
const POWER_BI = 'https://api.powerbi.com';
const SPREADSHEET = 'YOUR_SPREADSHEET_ID';

let sandbox: RunningSandbox;
const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	googleSheetsOAuth2Api: { oauthTokenData: { access_token: 'sheets-token', refresh_token: 'r' } },
	microsoftOAuth2Api: { oauthTokenData: { access_token: 'powerbi-token', refresh_token: 'r' } },
});

interface Sent {
	host: string;
	method: string;
	path: string;
	body?: unknown;
	auth?: string;
}
let sent: Sent[];
/** Rows in the fake spreadsheet, by sheet name (row 1 is the header). */
let sheets: Record<string, unknown[][]>;

function mockSheetsAndPowerBi() {
	const record = (host: string, method: string, uri: string, body: unknown, auth: unknown) => {
		sent.push({ host, method, path: decodeURIComponent(uri), ...(body ? { body } : {}), auth: String(auth) });
	};
	const rangeOf = (uri: string) =>
		decodeURIComponent(new URL(uri, SHEETS).pathname)
			.split('/values/')[1]
			.replace(/:append$/, '');
	const sheetOf = (uri: string) => rangeOf(uri).split('!')[0].replace(/^'|'$/g, '');
	nock(SHEETS)
		.persist()
		.get(new RegExp(`^/v4/spreadsheets/${SPREADSHEET}\\?`))
		.reply(function (uri) {
			record(SHEETS, 'GET', uri, undefined, this.req.headers.authorization);
			return [200, { sheets: Object.keys(sheets).map((title, sheetId) => ({ properties: { title, sheetId } })) }];
		})
		.get(new RegExp(`^/v4/spreadsheets/${SPREADSHEET}/values/`))
		.reply(function (uri) {
			record(SHEETS, 'GET', uri, undefined, this.req.headers.authorization);
			const rows = rangeOf(uri).endsWith('!1:1') ? sheets[sheetOf(uri)].slice(0, 1) : sheets[sheetOf(uri)];
			// Like Google: no `values` when the range is empty.
			return [200, { range: rangeOf(uri), majorDimension: 'ROWS', ...(rows.length ? { values: rows } : {}) }];
		})
		.put(new RegExp(`^/v4/spreadsheets/${SPREADSHEET}/values/`))
		.reply(function (uri, body) {
			record(SHEETS, 'PUT', uri, body, this.req.headers.authorization);
			const first = Number(/!(\d+):/.exec(rangeOf(uri))?.[1] ?? 1);
			(body as { values: unknown[][] }).values.forEach((row, index) => (sheets[sheetOf(uri)][first - 1 + index] = row));
			return [200, {}];
		})
		.post(`/v4/spreadsheets/${SPREADSHEET}:batchUpdate`)
		.reply(function (uri, body) {
			record(SHEETS, 'POST', uri, body, this.req.headers.authorization);
			return [200, { replies: [{}] }];
		})
		.post(new RegExp(`^/v4/spreadsheets/${SPREADSHEET}/values/.*:append`))
		.reply(function (uri, body) {
			record(SHEETS, 'POST', uri, body, this.req.headers.authorization);
			sheets[sheetOf(uri)].push(...(body as { values: unknown[][] }).values);
			return [200, { updates: { updatedRows: (body as { values: unknown[] }).values.length } }];
		});
	nock(POWER_BI)
		.persist()
		.post(/^\/v1\.0\/myorg\/datasets\/YOUR_DATASET_ID\/tables\/\w+\/rows$/)
		.reply(function (uri, body) {
			record(POWER_BI, 'POST', uri, body, this.req.headers.authorization);
			return [200, {}];
		});
}

const pushed = (table: string) =>
	sent.find((request) => request.host === POWER_BI && request.path.endsWith(`/tables/${table}/rows`))?.body as {
		rows: Array<Record<string, unknown>>;
	};
/** The sheet as a list of objects, keyed by its header row. */
const sheetRows = (name: string) => {
	const [header, ...rows] = sheets[name] as string[][];
	return rows.map((row) => Object.fromEntries(header.map((column, index) => [column, row[index]])));
};

async function run() {
	const result = await runWorkflow(template, { credentials: credentials(), startNode: 'Run now' });
	expect(result.error).toBeUndefined();
	return result;
}

beforeEach(() => {
	nock.cleanAll();
	sent = [];
	sheets = { Sites: [], Clinicians: [] };
	mockSheetsAndPowerBi();
});
afterEach(() => jest.useRealTimers());

/** Only Date is faked, and it moves on in real time (the Semble client paces requests by it). */
function clockAt(now: number) {
	const real = [
		'setTimeout',
		'clearTimeout',
		'setInterval',
		'clearInterval',
		'setImmediate',
		'clearImmediate',
	] as const;
	jest.useFakeTimers({
		now,
		advanceTimers: true,
		doNotFake: [...real, 'nextTick', 'queueMicrotask', 'hrtime', 'performance'],
	});
}

let model: BookingRecord;
let patients: PatientRecord[];
let rooms: Array<[string, string]>;
beforeAll(async () => {
	clockAt(NOW);
	sandbox = await startIsolatedSandbox({ seed: 11, scale: { patients: 400, bookings: 40 }, rateLimitPerMinute: 0 });
	model = [...sandbox.store.bookings.values()][0];
	sandbox.store.bookings.clear();
	sandbox.store.invoices.clear();
	for (const patient of sandbox.store.patients.values())
		patient.createdAt = patient.updatedAt = '2022-05-01T10:00:00.000Z';
	rooms = [...sandbox.store.clinicianRooms];
	patients = [...sandbox.store.patients.values()];
	jest.useRealTimers();
});
afterAll(async () => await closeIsolatedSandbox(sandbox));

let next = 0;
type Clinician = { id: string; roomId: string };
const clinician = (index: number): Clinician => ({ id: rooms[index][0], roomId: rooms[index][1] });

function booking(who: Clinician, start: string, minutes: number, status: 'completed' | 'no-show' | 'cancelled') {
	const end = new Date(Date.parse(start) + minutes * 60_000).toISOString();
	const record: BookingRecord = {
		...model,
		id: `kpi-booking-${++next}`,
		patientId: patients[next % patients.length].id,
		doctorId: who.id,
		locationId: who.roomId,
		start,
		end,
		comments: 'Left knee pain after a fall',
		deleted: status === 'cancelled',
		cancellationReason: status === 'cancelled' ? 'Patient cancelled' : null,
		bookingJourney: {
			arrived: status === 'completed' ? start : null,
			consultation: status === 'completed' ? start : null,
			departed: status === 'completed' ? end : null,
			dna: status === 'no-show' ? end : null,
		},
		createdAt: '2026-02-01T10:00:00.000Z',
		updatedAt: '2026-02-01T10:00:00.000Z',
	};
	sandbox.store.addBooking(record);
}

function invoice(who: Clinician, date: string, total: number, paid: Array<[string, number]>, updatedAt: string) {
	const record: InvoiceRecord = {
		id: `kpi-invoice-${++next}`,
		invoiceNumber: 5000 + next,
		date,
		patientId: patients[next % patients.length].id,
		doctorId: who.id,
		locationId: who.roomId,
		bookingId: null,
		lineItems: [{ id: `li-${next}`, productId: null, quantity: 1, price: total }],
		payments: paid.map(([paymentDate, paymentAmount], index) => ({
			id: `pay-${next}-${index}`,
			paymentTypeId: 'card',
			paymentAmount,
			paymentDate,
			comment: null,
		})),
		total,
		tax: 0,
		comments: 'Knee assessment',
		extraInfo: null,
		createdAt: updatedAt,
		updatedAt,
	};
	sandbox.store.addInvoice(record);
}

// ------------------------------------------------------------------ exact rows for a seeded day
describe('a seeded day', () => {
	let seededDay: Sent[] = [];
	test('yesterday and the 28 days per site and per clinician, the same rows in Sheets and Power BI', async () => {
		// Sarah Mitchell (London Harley Street, Room 1) and Aisha Rahman (Manchester, Room 1).
		const sarah = clinician(0);
		const aisha = clinician(6);
		booking(sarah, '2026-03-09T09:00:00Z', 60, 'completed');
		booking(sarah, '2026-03-09T10:00:00Z', 30, 'no-show');
		booking(sarah, '2026-03-09T11:00:00Z', 30, 'cancelled');
		booking(sarah, '2026-03-02T09:00:00Z', 30, 'completed');
		booking(sarah, '2026-02-09T09:00:00Z', 30, 'completed'); // the day before the 28 days
		booking(aisha, '2026-03-09T14:00:00Z', 45, 'completed');
		booking(aisha, '2026-02-20T14:00:00Z', 45, 'cancelled');
		invoice(sarah, '2026-03-09', 120, [['2026-03-09', 120]], '2026-03-09T10:05:00Z');
		invoice(aisha, '2026-02-20', 80, [['2026-03-09', 40]], '2026-03-09T15:00:00Z'); // paid in part yesterday
		invoice(aisha, '2026-01-05', 65, [['2026-01-05', 65]], '2026-01-05T12:00:00Z'); // before the 28 days
		clockAt(NOW);
		const newToday = await createPatient(sandbox, { first: 'Zara', last: 'Quinlan', email: 'zara.q@example.com' });
		for (const [id, createdAt] of [
			[patients[0].id, '2026-03-09T12:00:00.000Z'],
			[patients[1].id, '2026-03-09T18:00:00.000Z'],
			[patients[2].id, '2026-02-25T12:00:00.000Z'],
			[newToday, '2026-03-10T02:00:00.000Z'], // today: not in yesterday's figures
		]) {
			const patient = sandbox.store.patients.get(id) as PatientRecord;
			patient.createdAt = patient.updatedAt = createdAt;
		}

		await run();

		const zero = {
			bookings: 0,
			cancellations: 0,
			noShows: 0,
			cancellationRate: 0,
			noShowRate: 0,
			bookedMinutes: 0,
			availableMinutes: 0,
			utilisation: 0,
			invoiced: 0,
			paid: 0,
		};
		const harley = {
			date: '2026-03-09',
			site: 'London Harley Street',
			...{ bookings: 2, cancellations: 1, noShows: 1, cancellationRate: 0.333, noShowRate: 0.5 },
			...{ bookedMinutes: 90, availableMinutes: 480, utilisation: 0.188, invoiced: 120, paid: 120, newPatients: null },
			...{ bookings28d: 3, cancellations28d: 1, noShows28d: 1, cancellationRate28d: 0.25, noShowRate28d: 0.333 },
			// 20 weekdays of 09:00-17:00
			...{
				bookedMinutes28d: 120,
				availableMinutes28d: 9600,
				utilisation28d: 0.013,
				invoiced28d: 120,
				paid28d: 120,
				newPatients28d: null,
			},
		};
		const manchester = {
			date: '2026-03-09',
			site: 'Manchester',
			...{
				...zero,
				bookings: 1,
				bookedMinutes: 45,
				availableMinutes: 480,
				utilisation: 0.094,
				paid: 40,
				newPatients: null,
			},
			...{ bookings28d: 1, cancellations28d: 1, noShows28d: 0, cancellationRate28d: 0.5, noShowRate28d: 0 },
			...{
				bookedMinutes28d: 45,
				availableMinutes28d: 9600,
				utilisation28d: 0.005,
				invoiced28d: 80,
				paid28d: 40,
				newPatients28d: null,
			},
		};
		const allSites = {
			date: '2026-03-09',
			site: 'All sites',
			...{ bookings: 3, cancellations: 1, noShows: 1, cancellationRate: 0.25, noShowRate: 0.333 },
			...{ bookedMinutes: 135, availableMinutes: 960, utilisation: 0.141, invoiced: 120, paid: 160, newPatients: 2 },
			...{ bookings28d: 4, cancellations28d: 2, noShows28d: 1, cancellationRate28d: 0.333, noShowRate28d: 0.25 },
			...{
				bookedMinutes28d: 165,
				availableMinutes28d: 19200,
				utilisation28d: 0.009,
				invoiced28d: 200,
				paid28d: 160,
				newPatients28d: 3,
			},
		};
		expect(pushed('Sites').rows).toEqual([harley, manchester, allSites]);
		expect(pushed('Clinicians').rows).toEqual([
			{
				date: '2026-03-09',
				clinician: 'Aisha Rahman',
				site: 'Manchester',
				...{ bookedMinutes: 45, availableMinutes: 480, utilisation: 0.094 },
				...{ bookedMinutes28d: 45, availableMinutes28d: 9600, utilisation28d: 0.005 },
			},
			{
				date: '2026-03-09',
				clinician: 'Sarah Mitchell',
				site: 'London Harley Street',
				...{ bookedMinutes: 90, availableMinutes: 480, utilisation: 0.188 },
				...{ bookedMinutes28d: 120, availableMinutes28d: 9600, utilisation28d: 0.013 },
			},
		]);
		expect(sheetRows('Sites')).toEqual(pushed('Sites').rows.map(asSheetRow));
		expect(sheetRows('Clinicians')).toEqual(pushed('Clinicians').rows.map(asSheetRow));
		// Each sheet: find it, read it, write the header (empty sheet), add the rows; then Power BI once per table.
		const sheetRequests = (name: string, rows: number) => [
			`GET /v4/spreadsheets/${SPREADSHEET}?fields=sheets.properties`,
			`GET /v4/spreadsheets/${SPREADSHEET}/values/'${name}'?valueRenderOption=FORMATTED_VALUE&dateTimeRenderOption=FORMATTED_STRING`,
			`GET /v4/spreadsheets/${SPREADSHEET}/values/${name}!1:1?valueRenderOption=FORMATTED_VALUE&dateTimeRenderOption=FORMATTED_STRING`,
			`PUT /v4/spreadsheets/${SPREADSHEET}/values/${name}!1:1?valueInputOption=RAW`,
			`POST /v4/spreadsheets/${SPREADSHEET}:batchUpdate`,
			`PUT /v4/spreadsheets/${SPREADSHEET}/values/${name}!2:${rows + 1}?valueInputOption=USER_ENTERED`,
		];
		expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([
			...sheetRequests('Sites', 3),
			...sheetRequests('Clinicians', 2),
			'POST /v1.0/myorg/datasets/YOUR_DATASET_ID/tables/Sites/rows',
			'POST /v1.0/myorg/datasets/YOUR_DATASET_ID/tables/Clinicians/rows',
		]);
		expect(new Set(sent.map((request) => `${request.host} ${request.auth}`))).toEqual(
			new Set([`${SHEETS} Bearer sheets-token`, `${POWER_BI} Bearer powerbi-token`]),
		);
		// Free time: 4 requests (7 days each) for each of the 2 clinicians with bookings.
		expect(sandbox.control.rootFieldCounts().availabilities).toBe(8);
		seededDay = sent;
	});

	test('only aggregates leave Semble: every text sent is a header, date, site or clinician name; no patient field', () => {
		sent = seededDay;
		const names = new Set<string>();
		for (const request of sent) {
			JSON.stringify(request.body, (_key, value: unknown) => (typeof value === 'string' && names.add(value), value));
		}
		const headers = Object.keys(pushed('Sites').rows[0]).concat(Object.keys(pushed('Clinicians').rows[0]));
		// Sheets API: ranges, the sheet ids and empty cells (new patients are counted on All sites only).
		const sheetsApi = ['Sites!1:1', 'Sites!2:4', 'Clinicians!1:1', 'Clinicians!2:3', 'ROWS', '0', '1', ''];
		const allowed = [...headers, ...sheetsApi, '2026-03-09'];
		const places = ['London Harley Street', 'Manchester', 'All sites', 'Sarah Mitchell', 'Aisha Rahman'];
		expect([...names].filter((text) => !allowed.includes(text)).sort()).toEqual([...places].sort());
		// And spelled out, for every patient in Semble: no id, name, email, phone, date of birth or note.
		const everything = JSON.stringify(sent);
		for (const patient of sandbox.store.patients.values()) {
			const fields = [
				patient.id,
				`${patient.firstName} ${patient.lastName}`,
				patient.email,
				patient.dob,
				...patient.phones.map((phone) => phone.phoneNumber),
			];
			for (const field of fields.filter((value): value is string => !!value)) expect(everything).not.toContain(field);
		}
		for (const detail of ['kpi-booking-', 'kpi-invoice-', 'knee', 'Knee', 'Patient cancelled'])
			expect(everything).not.toContain(detail);
	});
});

// ------------------------------------------------------------------ request budget
test('a month of a 30-clinician practice: 4 free-time requests per clinician plus one per 100 records, under a minute of Semble’s 240/min', async () => {
	sandbox.store.bookings.clear();
	sandbox.store.invoices.clear();
	// 22 more clinicians, each in a room of their own, across the three sites.
	const sites = [...new Set([...sandbox.store.locations.values()].map((room) => room.groupName))];
	for (let index = 0; rooms.length < 30; index++) {
		const roomId = `kpi-room-${index}`;
		const doctorId = `kpi-clinician-${index}`;
		const site = [...sandbox.store.locations.values()].find((room) => room.groupName === sites[index % sites.length]);
		sandbox.store.locations.set(roomId, { ...(site as LocationRecord), id: roomId, name: `Room K${index}` });
		const user = sandbox.store.users.get(rooms[0][0]) as UserRecord;
		sandbox.store.users.set(doctorId, { ...user, id: doctorId, firstName: `Clinician${index}`, lastName: 'Test' });
		sandbox.store.clinicianRooms.set(doctorId, roomId);
		rooms.push([doctorId, roomId]);
	}
	// Every weekday of the 28 days: 8 appointments of 45 minutes per clinician; a completed one is invoiced and paid.
	let count = 0;
	for (let day = Date.parse('2026-02-10T00:00:00Z'); day < Date.parse('2026-03-10T00:00:00Z'); day += 86_400_000) {
		if ([0, 6].includes(new Date(day).getUTCDay())) continue;
		const date = new Date(day).toISOString().slice(0, 10);
		for (let index = 0; index < 30; index++) {
			for (let hour = 9; hour < 17; hour++) {
				const status = ++count % 12 === 0 ? 'cancelled' : count % 15 === 1 ? 'no-show' : 'completed';
				booking(clinician(index), `${date}T${String(hour).padStart(2, '0')}:00:00Z`, 45, status);
				if (status === 'completed') invoice(clinician(index), date, 65, [[date, 65]], `${date}T17:30:00Z`);
			}
		}
	}
	// A tenth of the patients were added or changed in the month.
	for (const patient of sandbox.store.patients.values()) patient.updatedAt = '2022-05-01T10:00:00.000Z';
	patients.forEach((patient, index) => index % 10 === 0 && (patient.updatedAt = '2026-02-20T10:00:00.000Z'));
	const changedPatients = patients.filter((patient) => patient.updatedAt > '2026-02-10').length;
	sandbox.control.clearLog();
	clockAt(NOW);

	await run();

	const pages = (records: number) => Math.max(1, Math.ceil(records / 100));
	const counts = sandbox.control.rootFieldCounts();
	const expected = {
		bookings: pages(sandbox.store.bookings.size),
		invoices: pages(sandbox.store.invoices.size),
		patients: pages(changedPatients),
		availabilities: 4 * 30,
	};
	expect(counts).toEqual(expected);
	expect({
		bookings: sandbox.store.bookings.size,
		invoices: sandbox.store.invoices.size,
		patients: changedPatients,
	}).toEqual({
		bookings: 4800,
		invoices: 4080,
		patients: 40,
	});
	const total = Object.values(counts).reduce((sum, value) => sum + value, 0);
	expect(total).toBe(48 + 41 + 1 + 120); // 210 requests: 53 s at Semble's 240 per minute
	expect(total).toBeLessThan(240);
	// 30 clinicians × 20 weekdays × 480 minutes available; 4,400 kept appointments of 45 minutes.
	expect(pushed('Sites').rows.find((row) => row.site === 'All sites')).toMatchObject({
		bookings28d: 4400,
		cancellations28d: 400,
		availableMinutes28d: 288_000,
		utilisation28d: 0.688,
	});
});

/** What a row looks like read back from the sheet: null cells are empty. */
const asSheetRow = (row: Record<string, unknown>) =>
	Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value ?? '']));
