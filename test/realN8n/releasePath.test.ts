import type { INode, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { NEEDS_N8N_2 } from '../templates/n8nLines';
import type { N8nCredential } from './realN8n';
import { n8nApi, n8nFetch, realN8nState } from './n8nApi';
import { freePort, n8nEnv, runN8nCli, sandboxCredentials } from './realN8n';
import { chain } from './resourceWorkflows';

/**
 * The release path in a real n8n, 1.x or 2.x (set up by globalSetup.ts): the packed package is
 * loaded as a community package, every workflow imported without unknown node types or
 * parameter issues, credential tests pass and fail as they should, and a workflow runs.
 */

jest.setTimeout(120_000);

const state = realN8nState();

const api = async <T>(method: string, route: string, body?: unknown) => await n8nApi<T>(state, method, route, body);

let nodeTypes: INodeTypeDescription[];
beforeAll(async () => {
	const headers = { cookie: state.cookie };
	nodeTypes = (await (await n8nFetch(`${state.baseUrl}/types/nodes.json`, { headers })).json()) as INodeTypeDescription[];
});

const describeFor = (node: INode) =>
	nodeTypes.find(
		(type) =>
			type.name === node.type &&
			(Array.isArray(type.version) ? type.version.includes(node.typeVersion) : type.version === node.typeVersion),
	);

test('n8n loaded the packed package as a community package', async () => {
	const names = nodeTypes.map((type) => type.name);
	expect(names).toContain('n8n-nodes-semble.semble');
	// usableAsTool: n8n derives the AI-agent tool variant.
	expect(names).toContain('n8n-nodes-semble.sembleTool');
	const headers = { cookie: state.cookie };
	const credentialTypes = (await (await n8nFetch(`${state.baseUrl}/types/credentials.json`, { headers })).json()) as Array<{
		name: string;
	}>;
	expect(credentialTypes.map((type) => type.name)).toEqual(
		expect.arrayContaining(['sembleApi', 'sembleSignInApi']),
	);
});

test('every node of ours shows its icon in the editor', async () => {
	const ours = nodeTypes.filter((type) => type.name.startsWith('n8n-nodes-semble.'));
	expect(ours.length).toBeGreaterThanOrEqual(4);
	const urls = ours.flatMap((type) => {
		const icon = type.iconUrl;
		return typeof icon === 'object' ? [icon.light, icon.dark] : [icon];
	});
	for (const url of urls) {
		expect(url).toMatch(/\.svg$/);
		const response = await n8nFetch(`${state.baseUrl}/${url}`);
		expect(`${url}: ${response.status}`).toBe(`${url}: 200`);
	}
});

test('every workflow imported, with only known node types and no parameter issues', async () => {
	const { data } = await api<{ data: Array<{ id: string; name: string; nodes: INode[] }> }>('GET', '/workflows?limit=250');
	expect(data.map((workflow) => workflow.id).sort()).toEqual(Object.values(state.workflowIds).sort());
	const fileOf = (id: string) => Object.keys(state.workflowIds).find((file) => state.workflowIds[file] === id) as string;
	const problems = data.flatMap((workflow) =>
		workflow.nodes.flatMap((node) => {
			const description = describeFor(node);
			if (!description) return [`${fileOf(workflow.id)} / ${node.name}: unknown node type ${node.type}`];
			const issues = NodeHelpers.getNodeParametersIssues(description.properties, node, description);
			return issues ? [`${fileOf(workflow.id)} / ${node.name}: ${JSON.stringify(issues.parameters)}`] : [];
		}),
	);
	// On n8n 1.x, exactly the node that makes a template need n8n 2 is unknown, and nothing else.
	const expected = state.version.startsWith('1.')
		? Object.entries(NEEDS_N8N_2).flatMap(([file, { node }]) =>
				data
					.filter((workflow) => workflow.id === state.workflowIds[file])
					.flatMap((workflow) => workflow.nodes.filter((n) => n.type === node))
					.map((n) => `${file} / ${n.name}: unknown node type ${node}`),
			)
		: [];
	if (state.version.startsWith('1.')) expect(expected.length).toBeGreaterThan(0);
	expect(problems.sort()).toEqual(expected.sort());
});

describe('the editor’s lists, served by n8n from the packed node', () => {
	const editor = async <T>(route: string, body: Record<string, unknown>) => {
		const response = await n8nFetch(`${state.baseUrl}/rest/dynamic-node-parameters/${route}`, {
			method: 'POST',
			headers: { cookie: state.cookie, 'content-type': 'application/json' },
			body: JSON.stringify({
				nodeTypeAndVersion: { name: 'n8n-nodes-semble.semble', version: 1 },
				credentials: { sembleApi: { id: 'sembleSandboxApi', name: 'Semble sandbox (API token)' } },
				...body,
			}),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${route}: HTTP ${response.status} ${text}`);
		return (JSON.parse(text) as { data: T }).data;
	};

	test('From List: patients page by page, shown as name and date of birth', async () => {
		const request = {
			methodName: 'searchPatients',
			path: 'parameters.patientId',
			currentNodeParameters: {
				authentication: 'apiToken',
				resource: 'patient',
				operation: 'get',
				patientId: { __rl: true, mode: 'list', value: '' },
			},
		};
		type Page = { results: Array<{ name: string; value: string }>; paginationToken?: string };
		const first = await editor<Page>('resource-locator-results', request);
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBe('2');
		expect(first.results.every((r) => /^[^@]+ \(\d{4}-\d{2}-\d{2}\)$|^[^@\d]+$/.test(r.name))).toBe(true);
		const [surname] = first.results[0].name.split(' (')[0].split(' ').slice(-1);
		const searched = await editor<Page>('resource-locator-results', { ...request, filter: surname });
		expect(searched.results.map((r) => r.value)).toContain(first.results[0].value);
	});

	test('From List: Booking › Get lists upcoming bookings by practice time and clinician, and reads the one picked', async () => {
		type Page = { results: Array<{ name: string; value: string }> };
		const page = await editor<Page>('resource-locator-results', {
			methodName: 'searchBookings',
			path: 'parameters.bookingId',
			currentNodeParameters: {
				authentication: 'apiToken',
				resource: 'booking',
				operation: 'get',
				bookingId: { __rl: true, mode: 'list', value: '' },
			},
		});
		expect(page.results.length).toBeGreaterThan(0);
		expect(page.results.every((r) => /^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}/.test(r.name))).toBe(true);

		// The booking picked From List, saved in a workflow as the editor saves it, is the one Booking › Get reads.
		const [picked] = page.results;
		const bookingId = { __rl: true, mode: 'list', value: picked.value, cachedResultName: picked.name };
		const workflow = chain('Semble: Booking › Get picked from the list', [
			['Get', { resource: 'booking', operation: 'get', bookingId }],
		]);
		const { name, nodes, connections, settings } = workflow; // n8n 1.x's API takes nothing more
		const { id } = await api<{ id: string }>('POST', '/workflows', { name, nodes, connections, settings });
		try {
			const env = { ...n8nEnv(state.userFolder, await freePort(), await freePort()), N8N_LOG_LEVEL: 'info' };
			const output = runN8nCli(state.n8nDir, env, ['execute', `--id=${id}`, '--rawOutput']);
			const start = output.indexOf('\n{') + 1;
			const run = JSON.parse(output.slice(start, output.indexOf('\n}', start) + 2)) as {
				data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> } };
			};
			const [booking] = run.data.resultData.runData.Get[0].data.main[0];
			expect(booking.json.id).toBe(picked.value);
			// The list's "Tue 3 Dec 2026 10:00" is the booking's UK-local start.
			const time = String(booking.json.startLocal).slice(11, 16);
			expect(picked.name.split(' · ')[0].endsWith(time)).toBe(true);
		} finally {
			await api('DELETE', `/workflows/${id}`);
		}
	});

	test('a dropdown: the practice’s payment types', async () => {
		const options = await editor<Array<{ name: string; value: string }>>('options', {
			methodName: 'getPaymentTypes',
			path: 'parameters.paymentTypeId',
			currentNodeParameters: { authentication: 'apiToken', resource: 'invoice', operation: 'addPayment' },
		});
		expect(options.map((o) => o.name)).toEqual(['Bank Transfer', 'Card', 'Cash', 'GoCardless', 'Stripe']);
	});
});

describe('credential tests in n8n', () => {
	// The editor's Test button: n8n tests the credential with the data the form holds, stored
	// secrets filling in what the form left blank. The same endpoint on n8n 1.x and 2.x (1.x's
	// public API has no credential test).
	const [apiToken, signIn] = sandboxCredentials(state.sandbox);
	const n8nOne = state.version.startsWith('1.');
	const testCredential = async (credential: N8nCredential) => {
		const response = await n8nFetch(`${state.baseUrl}/rest/credentials/test`, {
			method: 'POST',
			headers: { cookie: state.cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ credentials: credential }),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`credential test: HTTP ${response.status} ${text}`);
		return (JSON.parse(text) as { data: { status: string; message?: string } }).data;
	};

	test('pass for the sandbox token and sign-in', async () => {
		expect(await testCredential(apiToken)).toMatchObject({ status: 'OK' });
		expect(await testCredential(signIn)).toMatchObject({ status: 'OK' });
	});

	test('fail in plain words for a wrong token, whether Semble answers 401 or 200 with errors[]', async () => {
		const wrong = { ...apiToken, data: { ...apiToken.data, apiToken: 'not-a-real-token' } };
		for (const authErrorStatus of [401, 200]) {
			await n8nFetch(`${state.sandbox.baseUrl}/__sandbox/config`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ authErrorStatus }),
			});
			const result = await testCredential(wrong);
			expect(result.status).toBe('Error');
			if (authErrorStatus === 401 && n8nOne) {
				// n8n 1.x's credential tester does not see the status (no response on the error), so
				// our status rules cannot word it: n8n's own words, still not a bare "Unauthorized".
				expect(result.message).toBe('Authorization failed - please check your credentials');
			} else {
				expect(result.message).toMatch(/^Semble did not accept these credentials: the API token is wrong, or was revoked/);
				if (authErrorStatus === 401) expect(result.message).toMatch(/\(HTTP 401\)$/);
			}
			expect(result.message).not.toContain('not-a-real-token');
		}
	});

	test('fail in plain words for a wrong endpoint and for Semble being down', async () => {
		const endpoint = (url: string) => ({ ...apiToken, data: { ...apiToken.data, endpoint: url } });
		const notGraphql = await testCredential(endpoint(`${state.sandbox.baseUrl}/not-graphql`));
		expect(notGraphql).toEqual({
			status: 'Error',
			message: n8nOne
				? 'The resource you are requesting could not be found'
				: "The GraphQL Endpoint did not answer as Semble's API (HTTP 404). Check the address: Semble's is https://open.semble.io/graphql.",
		});
		await n8nFetch(`${state.sandbox.baseUrl}/__sandbox/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ kind: 'http500', status: 503 }),
		});
		const down = await testCredential(apiToken);
		expect(down.status).toBe('Error');
		if (!n8nOne) expect(down.message).toMatch(/^Semble had a problem answering \(HTTP 503\), so the credential could not be checked/);
	});

	test('fail for a wrong sign-in password', async () => {
		const result = await testCredential({ ...signIn, data: { ...signIn.data, password: 'wrong-password' } });
		expect(result.status).toBe('Error');
		expect(result.message).not.toContain('wrong-password');
	});
});

test('a workflow using both credentials runs with `n8n execute`', async () => {
	// `execute` prints the run through n8n's logger: below `info` it prints nothing.
	const env = { ...n8nEnv(state.userFolder, await freePort(), await freePort()), N8N_LOG_LEVEL: 'info' };
	const output = runN8nCli(state.n8nDir, env, ['execute', `--id=${state.workflowIds['semble-smoke']}`, '--rawOutput']);
	// The pretty-printed run sits between log lines: from a line "{" to the next line "}".
	const start = output.indexOf('\n{') + 1;
	const json = output.slice(start, output.indexOf('\n}', start) + 2);
	const run = JSON.parse(json) as {
		data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: { id: string } }>> } }>> } };
	};
	const listed = run.data.resultData.runData.Semble[0].data.main[0];
	const fetched = run.data.resultData.runData['Semble (sign-in)'][0].data.main[0];
	expect(listed).toHaveLength(3);
	expect(fetched.map((item) => item.json.id)).toEqual(listed.map((item) => item.json.id));
});
