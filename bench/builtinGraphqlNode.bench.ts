/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- not shipped: a benchmark that prints its results */
import type { INode } from 'n8n-workflow';

import type { RunningSandbox } from '../sandbox';
import { startSandbox } from '../sandbox';
import type { WorkflowJson } from '../test/harness/runWorkflow';
import { runWorkflow } from '../test/harness/runWorkflow';
import { sembleWorkflow } from '../test/harness/workflows';

/**
 * Reading every patient of a 30,000-patient practice at Semble's 240 requests/minute, two
 * ways: this package's Patient › Get Many (Return All), and what a user without it builds —
 * n8n's built-in GraphQL node fed one item per page. Same sandbox, same limit, one run.
 */

const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 30_000);
const PAGE_SIZE = 100;
const LIMIT = 240;

jest.setTimeout(20 * 60_000);

let sandbox: RunningSandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 12, scale: { patients: PATIENTS, bookings: 1000 }, rateLimitPerMinute: LIMIT });
});
afterAll(async () => await sandbox.close());

const PAGE_QUERY = `query Page($page: Int) { patients(pagination: { page: $page, pageSize: ${PAGE_SIZE} }) {
  data { id title firstName lastName fullName dob gender sex email phones { phoneId phoneType phoneNumber }
    address { address city postcode country } numbers { id name value }
    communicationPreferences { receiveEmail receiveSMS promotionalMarketing paymentReminders privacyPolicy { response } }
    labels { id referenceId text color } customAttributes { id title text response required }
    paymentReference membershipName onHold archived comments createdAt updatedAt }
  pageInfo { hasMore } } }`;

function builtinWorkflow(pages: number): WorkflowJson {
	const nodes: INode[] = [
		{ id: 'c1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'c2',
			name: 'GraphQL',
			type: 'n8n-nodes-base.graphql',
			typeVersion: 1.1,
			position: [200, 0],
			continueOnFail: true, // the kindest setting: keep the pages that worked
			parameters: {
				endpoint: sandbox.url,
				requestFormat: 'json',
				query: PAGE_QUERY,
				variables: '={{ JSON.stringify({ page: $json.page }) }}',
				responseFormat: 'json',
				headerParametersUi: { parameter: [{ name: 'x-token', value: sandbox.apiToken }] },
			},
		},
	];
	return {
		nodes,
		connections: { Start: { main: [[{ node: 'GraphQL', type: 'main', index: 0 }]] } },
		pinData: { Start: Array.from({ length: pages }, (_, i) => ({ json: { page: i + 1 } })) },
	};
}

function measure(label: string, started: number, patientsRead: number) {
	const log = sandbox.control.requestLog();
	const rejected = log.filter((entry) => entry.status === 429).length;
	return { label, requests: log.length, rejected, seconds: (Date.now() - started) / 1000, patientsRead };
}

test(`read ${PATIENTS} patients: Semble node vs the built-in GraphQL node`, async () => {
	const pages = Math.ceil(PATIENTS / PAGE_SIZE);

	sandbox.control.setRateLimit(LIMIT);
	sandbox.control.clearLog();
	let started = Date.now();
	const builtin = await runWorkflow(builtinWorkflow(pages), { credentials: {} });
	// A refused page does not fail the node: Semble's error body comes out as an ordinary item.
	const builtinPatients = builtin
		.output('GraphQL')
		.reduce((sum, item) => sum + ((item.json.data as { patients?: { data?: unknown[] } })?.patients?.data?.length ?? 0), 0);
	const silentErrors = builtin.output('GraphQL').filter((item) => item.json.errors).length;
	const builtinResult = measure('built-in GraphQL node', started, builtinPatients);

	// A fresh minute, so the Semble node does not pay for the other run's requests.
	sandbox.control.setRateLimit(LIMIT);
	sandbox.control.clearLog();
	started = Date.now();
	const ours = await runWorkflow(sembleWorkflow({ resource: 'patient', operation: 'getMany', returnAll: true }), {
		credentials: { sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: LIMIT } },
	});
	const oursResult = measure('Semble node', started, ours.output('Semble').length);

	const floor = ((pages - 1) * 60) / LIMIT;
	console.log(
		[
			`Read every patient: ${PATIENTS} patients, ${pages} pages, Semble limit ${LIMIT}/min (floor ${floor.toFixed(1)} s at that rate)`,
			...[builtinResult, oursResult].map(
				(r) =>
					`  ${r.label.padEnd(22)} patients read ${String(r.patientsRead).padStart(6)} of ${PATIENTS} (${((100 * r.patientsRead) / PATIENTS).toFixed(0)}%), requests ${r.requests} (${r.rejected} refused with 429), ${r.seconds.toFixed(1)} s`,
			),
			`  built-in node: ${silentErrors} refused pages came out as ordinary items (no node error)`,
			`  ratio Semble node / built-in: patients read ${(oursResult.patientsRead / Math.max(1, builtinResult.patientsRead)).toFixed(2)}, requests ${(oursResult.requests / builtinResult.requests).toFixed(2)}, refusals ${oursResult.rejected} vs ${builtinResult.rejected}`,
		].join('\n'),
	);
	expect(oursResult.patientsRead).toBe(PATIENTS);
	expect(oursResult.rejected).toBe(0);
});
