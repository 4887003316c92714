import type { INode, INodeParameters, IDataObject } from 'n8n-workflow';

import { MemoryDataTables } from './dataTables';
import type { WorkflowJson } from './runWorkflow';
import { runWorkflow } from './runWorkflow';

/** The in-memory Data Tables, driven by n8n's own Data Table node as a template would drive them. */

const table = (value: string, mode = 'id') => ({ __rl: true, mode, value });

/** Items from a Code node, then one Data Table node with these parameters. */
function dataTableRun(items: IDataObject[], parameters: IDataObject): WorkflowJson {
	const node = (name: string, type: string, typeVersion: number, params: IDataObject): INode => ({
		id: name,
		name,
		type,
		typeVersion,
		position: [0, 0],
		parameters: params as INodeParameters,
	});
	return {
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, {}),
			node('Items', 'n8n-nodes-base.code', 2, { jsCode: `return ${JSON.stringify(items.map((json) => ({ json })))};` }),
			node('Table', 'n8n-nodes-base.dataTable', 1, parameters),
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Table', type: 'main', index: 0 }]] },
		},
	};
}

const columns = (value: IDataObject) => ({ mappingMode: 'defineBelow', value, matchingColumns: [], schema: [] });
const where = (conditions: IDataObject[], matchType = 'allConditions') => ({ matchType, filters: { conditions } });

test('insert, get with a filter, update, upsert, if row exists and delete, through the Data Table node', async () => {
	const dataTables = new MemoryDataTables();
	const { id } = dataTables.create('dead letters', { itemKey: 'string', status: 'string', tries: 'number' });
	const run = async (items: IDataObject[], parameters: IDataObject) => {
		const result = await runWorkflow(dataTableRun(items, parameters), { credentials: {}, dataTables });
		expect(result.error).toBeUndefined();
		return result.output('Table').map((item) => item.json);
	};

	const inserted = await run([{ key: 'a' }, { key: 'b' }], {
		resource: 'row',
		operation: 'insert',
		dataTableId: table(id),
		columns: columns({ itemKey: '={{ $json.key }}', status: 'new', tries: 0 }),
	});
	expect(inserted.map(({ itemKey, status, tries }) => ({ itemKey, status, tries }))).toEqual([
		{ itemKey: 'a', status: 'new', tries: 0 },
		{ itemKey: 'b', status: 'new', tries: 0 },
	]);

	// By name (n8n 2 only), with a filter.
	const got = await run([{}], {
		resource: 'row',
		operation: 'get',
		dataTableId: table('Dead Letters', 'name'),
		...where([{ keyName: 'itemKey', keyValue: 'b' }]),
	});
	expect(got.map((row) => row.itemKey)).toEqual(['b']);

	await run([{ key: 'a' }], {
		resource: 'row',
		operation: 'update',
		dataTableId: table(id),
		...where([{ keyName: 'itemKey', keyValue: '={{ $json.key }}' }]),
		columns: columns({ status: 'replayed', tries: 1 }),
	});
	await run([{ key: 'b' }, { key: 'c' }], {
		resource: 'row',
		operation: 'upsert',
		dataTableId: table(id),
		...where([{ keyName: 'itemKey', keyValue: '={{ $json.key }}' }]),
		columns: columns({ itemKey: '={{ $json.key }}', status: 'failed again', tries: 2 }),
	});
	expect(dataTables.rows('dead letters').map(({ itemKey, status, tries }) => ({ itemKey, status, tries }))).toEqual([
		{ itemKey: 'a', status: 'replayed', tries: 1 },
		{ itemKey: 'b', status: 'failed again', tries: 2 },
		{ itemKey: 'c', status: 'failed again', tries: 2 },
	]);

	const known = await run([{ key: 'a' }, { key: 'z' }], {
		resource: 'row',
		operation: 'rowExists',
		dataTableId: table(id),
		...where([{ keyName: 'itemKey', keyValue: '={{ $json.key }}' }]),
	});
	expect(known).toEqual([{ key: 'a' }]);

	// A range on a number column, and "any condition".
	const many = await run([{}], {
		resource: 'row',
		operation: 'get',
		dataTableId: table(id),
		returnAll: true,
		...where(
			[
				{ keyName: 'tries', condition: 'gte', keyValue: 2 },
				{ keyName: 'status', keyValue: 'new' },
			],
			'anyCondition',
		),
	});
	expect(many.map((row) => row.itemKey)).toEqual(['b', 'c']);

	await run([{}], {
		resource: 'row',
		operation: 'deleteRows',
		dataTableId: table(id),
		...where([{ keyName: 'itemKey', keyValue: 'c' }]),
	});
	expect(dataTables.rows('dead letters').map((row) => row.itemKey)).toEqual(['a', 'b']);
});

test('a column the table does not have fails the node, as in n8n', async () => {
	const dataTables = new MemoryDataTables();
	const { id } = dataTables.create('log', { recordId: 'string' });
	const result = await runWorkflow(
		dataTableRun([{}], {
			resource: 'row',
			operation: 'insert',
			dataTableId: table(id),
			columns: columns({ recordId: '1', email: 'x@example.com' }),
		}),
		{ credentials: {}, dataTables },
	);
	expect(result.error?.message).toMatch(/unknown column name 'email'/);
	expect(dataTables.rows('log')).toEqual([]);
});
