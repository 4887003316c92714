/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- not shipped: a benchmark that prints its results */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import axios from 'axios';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RunningSandbox } from '../sandbox';
import { startSandbox } from '../sandbox';
import type { WorkflowJson } from '../test/harness/runWorkflow';
import { runWorkflow } from '../test/harness/runWorkflow';
import { sembleWorkflow } from '../test/harness/workflows';

/**
 * Our own processing speed through n8n's engine, side by side with n8n's pass-through node
 * (NoOp) moving the same items in the same run, over 50,000 items:
 * - Data Tools › Check Data Quality and Detect Conflicts on simplified patients, and Convert
 *   to FHIR on simplified patients and bookings (one resource per item);
 * - Patient › Get Many and Booking › Get Many (simplified, UK-local times), Return All, with
 *   the sandbox excluded: Semble's answers are recorded once and replayed from memory, so
 *   what is timed is the transport, zod, paging and simplifying. Twice: over HTTP from a
 *   replay server in this process, and handed to n8n's HTTP client (axios) without a socket,
 *   which still parses each answer's JSON: our own processing.
 * Each figure is the best of three runs, as items per second and as a share of pass-through.
 */

const ITEMS = Number(process.env.BENCH_ITEMS ?? 50_000);
const RUNS = 3;

jest.setTimeout(30 * 60_000);

let sandbox: RunningSandbox;
let replay: { url: string; close: () => Promise<void> };
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 31, scale: { patients: ITEMS, bookings: ITEMS }, rateLimitPerMinute: 0 });
	replay = await replayServer(sandbox.url);
});
afterAll(async () => {
	await replay.close();
	await sandbox.close();
});

/** Semble's answers by request body, recorded by the replay server. */
const answers = new Map<string, { status: number; body: Buffer }>();

/** Forwards a request the first time and answers it from memory after that. */
async function replayServer(target: string): Promise<{ url: string; close: () => Promise<void> }> {
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', async () => {
			const body = Buffer.concat(chunks).toString();
			let answer = answers.get(body);
			if (!answer) {
				const forwarded = await fetch(target, {
					method: 'POST',
					headers: { 'content-type': 'application/json', 'x-token': String(req.headers['x-token'] ?? '') },
					body,
				});
				answer = { status: forwarded.status, body: Buffer.from(await forwarded.arrayBuffer()) };
				answers.set(body, answer);
			}
			res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/graphql`,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

const credentials = (endpoint: string) => ({
	sembleApi: { apiToken: sandbox.apiToken, endpoint, requestsPerMinute: 1_000_000 },
});

/** n8n's pass-through: a Manual Trigger with the items pinned, then a NoOp node. */
function passThrough(items: IDataObject[]): WorkflowJson {
	const workflow = sembleWorkflow({}, { items });
	workflow.nodes[1] = {
		...workflow.nodes[1],
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		parameters: {},
		credentials: undefined,
	};
	return workflow;
}

/** The best of RUNS runs: items per second, and the items of the last run. */
async function measure(workflow: WorkflowJson, endpoint = sandbox.url) {
	let bestMs = Infinity;
	let items = 0;
	for (let run = 0; run < RUNS; run++) {
		const started = process.hrtime.bigint();
		const result = await runWorkflow(workflow, { credentials: credentials(endpoint) });
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		if (result.error) throw result.error;
		items = result.output('Semble').length;
		bestMs = Math.min(bestMs, ms);
	}
	return { items, perSecond: Math.round((items / bestMs) * 1000) };
}

const semble = (parameters: INodeParameters, items?: IDataObject[]) => sembleWorkflow(parameters, { items });

/** Runs `measured` with n8n's HTTP client answering from the recorded answers: no socket, no server. */
async function withoutSockets<T>(measured: () => Promise<T>): Promise<T> {
	const original = axios.defaults.adapter;
	axios.defaults.adapter = async (config) => {
		const answer = answers.get(String(config.data));
		if (!answer) throw new Error('bench: a request that was not recorded');
		const headers = { 'content-type': 'application/json' };
		return { data: answer.body.toString(), status: answer.status, statusText: 'OK', headers, config, request: {} };
	};
	try {
		return await measured();
	} finally {
		axios.defaults.adapter = original;
	}
}

test(`own processing over ${ITEMS} items, against n8n's pass-through`, async () => {
	const patients = (
		await runWorkflow(semble({ resource: 'patient', operation: 'getMany', returnAll: true, simplify: true }), {
			credentials: credentials(sandbox.url),
		})
	)
		.output('Semble')
		.map((item) => item.json);
	expect(patients).toHaveLength(ITEMS);
	const pairs = patients.map((patient) => ({
		semble: patient,
		external: {
			properties: { email: patient.email, firstname: patient.firstName, lastname: 'Changed', phone: patient.phone },
		},
	}));

	const bookings = (
		await runWorkflow(
			semble({
				resource: 'booking',
				operation: 'getMany',
				returnAll: true,
				simplify: true,
				filters: { includeCancelled: true },
			}),
			{ credentials: credentials(sandbox.url) },
		)
	)
		.output('Semble')
		.map((item) => item.json);
	const toFhir = (recordType: string) => ({
		resource: 'dataTools',
		operation: 'convertToFhir',
		recordType,
		localIdentifierSystem: `https://fhir.yourclinic.example/Id/semble-${recordType}`,
	});

	const rows: Array<[string, { items: number; perSecond: number }]> = [
		['n8n pass-through (NoOp)', await measure(passThrough(patients))],
		[
			'Data Tools › Check Data Quality',
			await measure(semble({ resource: 'dataTools', operation: 'checkDataQuality' }, patients)),
		],
		[
			'Data Tools › Detect Conflicts (HubSpot)',
			await measure(semble({ resource: 'dataTools', operation: 'detectConflicts', mapping: 'hubspot' }, pairs)),
		],
		['Data Tools › Convert to FHIR (Patient)', await measure(semble(toFhir('patient'), patients))],
		['Data Tools › Convert to FHIR (Booking → Appointment)', await measure(semble(toFhir('booking'), bookings))],
	];
	const getMany = (resource: string) =>
		semble({
			resource,
			operation: 'getMany',
			returnAll: true,
			simplify: true,
			filters: resource === 'booking' ? { includeCancelled: true } : {},
		});
	for (const resource of ['patient', 'booking']) {
		const name = `${resource === 'patient' ? 'Patient' : 'Booking'} › Get Many, simplified`;
		await measure(getMany(resource), replay.url); // records Semble's answers
		rows.push([`${name} (replayed over HTTP)`, await measure(getMany(resource), replay.url)]);
		rows.push([`${name} (own processing)`, await withoutSockets(() => measure(getMany(resource), replay.url))]);
	}

	const baseline = rows[0][1].perSecond;
	console.log(
		[
			`Own processing through n8n's engine, ${ITEMS} items, best of ${RUNS} runs`,
			...rows.map(
				([name, { items, perSecond }]) =>
					`  ${name.padEnd(52)} ${String(perSecond.toLocaleString('en-GB')).padStart(9)} items/s  (${((perSecond / baseline) * 100).toFixed(1)}% of pass-through; ${items} items)`,
			),
		].join('\n'),
	);
	for (const [, { items }] of rows.slice(0, 4)) expect(items).toBe(ITEMS);
	expect(rows[4][1].items).toBe(bookings.length);
	for (const [, { items }] of rows.slice(4)) expect(items).toBeGreaterThan(ITEMS / 2);
});
