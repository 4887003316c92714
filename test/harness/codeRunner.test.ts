import type { IDataObject } from 'n8n-workflow';

import type { WorkflowJson } from './runWorkflow';
import { runWorkflow } from './runWorkflow';

/** The harness's stand-in for n8n's task runner runs Code nodes as n8n does. */

const workflow = (jsCode: string, mode = 'runOnceForAllItems'): WorkflowJson => ({
	nodes: [
		{ id: '1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: '2',
			name: 'Items',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: {
				mode: 'raw',
				jsonOutput: '={{ { n: 1 } }}',
				options: {},
			},
		},
		{
			id: '3',
			name: 'Code',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [400, 0],
			parameters: { mode, jsCode },
		},
	],
	connections: {
		Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
		Items: { main: [[{ node: 'Code', type: 'main', index: 0 }]] },
	},
});

test('all items: $input, $() and static data that the next run sees', async () => {
	const staticData: IDataObject = {};
	const code = `
const data = $getWorkflowStaticData('global');
data.runs = (data.runs ?? 0) + 1;
return $input.all().map((item) => ({ json: { n: item.json.n, fromSet: $('Items').first().json.n, runs: data.runs, year: DateTime.fromISO('2026-01-01').year } }));`;
	const first = await runWorkflow(workflow(code), { credentials: {}, staticData });
	expect(first.error).toBeUndefined();
	expect(first.output('Code').map((item) => item.json)).toEqual([{ n: 1, fromSet: 1, runs: 1, year: 2026 }]);
	const second = await runWorkflow(workflow(code), { credentials: {}, staticData });
	expect(second.output('Code')[0].json.runs).toBe(2);
	expect(staticData).toEqual({ global: { runs: 2 } }); // n8n's own shape
});

test('each item: $json, pairing, and a thrown error stops the run with its message', async () => {
	const each = await runWorkflow(workflow('return { doubled: $json.n * 2 };', 'runOnceForEachItem'), {
		credentials: {},
	});
	expect(each.output('Code')).toEqual([{ json: { doubled: 2 }, pairedItem: { item: 0 } }]);
	const failed = await runWorkflow(workflow("throw new Error('watermark not moved');"), { credentials: {} });
	expect(failed.error?.message).toContain('watermark not moved');
});

test('as n8n’s runner: null is no items, and Continue On Fail turns a throw into an error item', async () => {
	const none = await runWorkflow(workflow('return null;'), { credentials: {} });
	expect(none.error).toBeUndefined();
	expect(none.output('Code')).toEqual([]);
	const failing = workflow("throw new Error('no watermark');");
	(failing.nodes[2] as { onError?: string }).onError = 'continueRegularOutput';
	const kept = await runWorkflow(failing, { credentials: {} });
	expect(kept.error).toBeUndefined();
	expect(kept.output('Code').map((item) => item.json)).toEqual([{ error: 'no watermark' }]);
});
