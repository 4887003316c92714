import type { INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { nodeTypes } from '../harness/nodeTypes';

/**
 * The Semble Tool as an AI Agent sees it: n8n describes each operation to the model as
 * "<action> in Semble" (n8n-workflow's makeDescription). Each must tell the model when to use
 * that operation, so no two may read alike and none may be a bare "Get many patients".
 */

const description = nodeTypes.getByNameAndVersion('n8n-nodes-semble.semble', 1).description as INodeTypeDescription;
const resources = (description.properties.find((p) => p.name === 'resource')?.options ?? []) as INodePropertyOptions[];
const toolDescriptions = resources.flatMap(({ value: resource }) => {
	const operations = description.properties.find(
		(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
	);
	return ((operations?.options ?? []) as INodePropertyOptions[]).map(({ value: operation }) => ({
		key: `${String(resource)}.${String(operation)}`,
		text: NodeHelpers.makeDescription({ resource, operation }, description),
	}));
});

test('every operation is described to the model', () => {
	expect(toolDescriptions.length).toBe(47);
	for (const { key, text } of toolDescriptions) {
		expect({ key, text }).toEqual({ key, text: expect.stringMatching(/^[A-Z][^.]+ in Semble$/) });
	}
});

test('no two operations read alike, and none is only a verb and a record name', () => {
	const texts = toolDescriptions.map(({ text }) => text);
	expect(new Set(texts).size).toBe(texts.length);
	const bare = toolDescriptions.filter(({ text }) =>
		/^(Get|Get many|Create|Update|Delete) (an? )?\w+( \w+)? in Semble$/.test(text),
	);
	expect(bare).toEqual([]);
});

test('the lookups a model needs first say what they find by', () => {
	const of = (key: string) => toolDescriptions.find((entry) => entry.key === key)?.text;
	expect(of('patient.getMany')).toBe(
		'Search patients by name, email or phone, or list patients changed since a time in Semble',
	);
	expect(of('patient.create')).toMatch(/duplicate/);
	expect(of('availability.getFreeSlots')).toMatch(/before booking/);
	expect(of('practice.get')).toMatch(/IDs/);
});
