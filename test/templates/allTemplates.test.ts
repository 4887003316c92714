/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: test code runs in plain Node, not inside n8n */
import type { INode } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { stampOf, templateHash } from '../../scripts/canvasPicture';
import { nodeTypes } from '../harness/nodeTypes';
import type { WorkflowJson } from '../harness/runWorkflow';
import { NEEDS_N8N_2, NEWEST_IN_N8N_1 } from './n8nLines';

/**
 * What every file in workflows/ must be before a clinic imports it: node versions that both
 * n8n lines have (n8nLines.ts), no parameter issues (as n8n's editor reports them),
 * placeholder credentials, no pinned data, sticky notes that explain it, and a docs page with
 * a canvas picture. The real-n8n stage repeats the import check inside n8n 1.x and 2.x.
 */

const ROOT = path.resolve(__dirname, '../..');
const STICKY = 'n8n-nodes-base.stickyNote';
/** n8n draws a node as a 100 × 100 box from its position. */
const NODE_SIZE = 100;
const files = readdirSync(path.join(ROOT, 'workflows')).filter((file) => file.endsWith('.json'));
const templates = files.map((file) => ({
	file,
	json: JSON.parse(readFileSync(path.join(ROOT, 'workflows', file), 'utf8')) as WorkflowJson & {
		pinData?: object;
		meta?: object;
	},
}));

/** The version n8n's editor gives a node dropped on the canvas today. */
function currentVersion(type: string): number {
	const nodeType = nodeTypes.getByName(type);
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	return nodeType.description.defaultVersion ?? Math.max(...[nodeType.description.version].flat());
}

test('every template the README lists is there, each with its own test', () => {
	const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
	const listed = [...readme.matchAll(/\(docs\/templates\/([a-z0-9-]+)\.md\)/g)].map((match) => `${match[1]}.json`);
	expect(files.sort()).toEqual([...new Set(listed)].sort());
	const tests = readdirSync(__dirname);
	for (const file of files) {
		const camel = file.replace(/\.json$/, '').replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
		expect(tests).toContain(`${camel}.test.ts`);
	}
});

describe.each(templates)('$file', ({ file, json }) => {
	test('every node is a known type at the newest version both n8n lines have, with no parameter issues', () => {
		const needsN8n2 = NEEDS_N8N_2[file.replace(/\.json$/, '')];
		const problems = json.nodes.flatMap((node: INode) => {
			const current = currentVersion(node.type);
			const wanted =
				needsN8n2?.node === node.type ? current : Math.min(current, NEWEST_IN_N8N_1[node.type] ?? current);
			const description = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description;
			const issues = NodeHelpers.getNodeParametersIssues(description.properties, node, description);
			return [
				...(node.typeVersion === wanted ? [] : [`${node.name}: ${node.type} v${node.typeVersion}, wanted v${wanted}`]),
				...(issues ? [`${node.name}: ${JSON.stringify(issues.parameters)}`] : []),
			];
		});
		expect(problems).toEqual([]);
	});

	test('credentials carry no ids (n8n asks the clinic to connect each account) and nothing is pinned', () => {
		expect(json.pinData ?? {}).toEqual({});
		for (const node of json.nodes) {
			for (const [type, credential] of Object.entries(node.credentials ?? {})) {
				expect({ node: node.name, type, id: credential.id }).toEqual({ node: node.name, type, id: null });
				expect(credential.name).toMatch(/\S/);
			}
		}
		const semble = json.nodes.filter((node) => node.type.startsWith('n8n-nodes-semble.'));
		for (const node of semble) {
			// A data tool runs locally: it asks for no account.
			if (node.parameters.resource === 'dataTools') expect(node.credentials).toBeUndefined();
			else expect(node.credentials?.sembleApi?.name).toBe('Semble account');
		}
		const names = json.nodes.map((node) => node.name);
		expect(new Set(names).size).toBe(names.length);
		for (const node of json.nodes) expect(node.id).toMatch(/^[0-9a-f-]{36}$/);
	});

	test('named as n8n’s template library asks: verb, object, where; no emoji', () => {
		expect(json.name).toMatch(/^(Answer|Block|Check|Collect|Log|Onboard|Record|Replay|Send|Sync|Take|Welcome) .*Semble/);
		expect(json.name).not.toMatch(/\p{Extended_Pictographic}/u);
		for (const node of json.nodes) expect(node.name).not.toMatch(/\p{Extended_Pictographic}/u);
	});

	test('one overview note at the top left: How it works, Setup, and that it needs self-hosted n8n', () => {
		const overview = json.nodes.find((node) => node.name === 'About this template');
		expect(overview?.type).toBe('n8n-nodes-base.stickyNote');
		const content = String(overview?.parameters.content);
		expect(content).toMatch(/^## .+\n/);
		expect(content).toMatch(/### How it works\n[\s\S]*### Setup\n/);
		expect(content).toMatch(/self-hosted n8n/);
		const [left, top] = overview?.position ?? [0, 0];
		for (const node of json.nodes) {
			expect({ node: node.name, leftOf: node.position[0] >= left, below: node.position[1] >= top }).toEqual({
				node: node.name,
				leftOf: true,
				below: true,
			});
		}
	});

	test('in a workflow of four or more nodes, every node sits inside a section note that names its step', () => {
		const notes = json.nodes.filter((node) => node.type === STICKY && node.name !== 'About this template');
		const nodes = json.nodes.filter((node) => node.type !== STICKY);
		if (nodes.length < 4) return;
		const inside = (node: INode, note: INode) => {
			const [x, y] = node.position;
			const [left, top] = note.position;
			const { width, height } = note.parameters as { width: number; height: number };
			return left <= x && x + NODE_SIZE <= left + width && top <= y && y + NODE_SIZE <= top + height;
		};
		expect(nodes.filter((node) => !notes.some((note) => inside(node, note))).map((node) => node.name)).toEqual([]);
		for (const note of notes) expect(String(note.parameters.content)).toMatch(/^### \S/);
		// Section notes never overlap the overview.
		const overview = json.nodes.find((node) => node.name === 'About this template') as INode;
		const [overviewLeft, overviewTop] = overview.position;
		const overviewRight = overviewLeft + Number(overview.parameters.width);
		const overviewBottom = overviewTop + Number(overview.parameters.height);
		for (const note of notes) {
			const [left, top] = note.position;
			const apart =
				left >= overviewRight ||
				top >= overviewBottom ||
				left + Number(note.parameters.width) <= overviewLeft ||
				top + Number(note.parameters.height) <= overviewTop;
			expect({ note: note.name, apart }).toEqual({ note: note.name, apart: true });
		}
	});

	test('sticky notes explain it and a docs page shows it on the canvas', () => {
		expect(json.settings?.executionOrder).toBe('v1');
		const notes = json.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
		expect(notes.length).toBeGreaterThan(0);
		const doc = path.join(ROOT, 'docs/templates', file.replace(/\.json$/, '.md'));
		expect(existsSync(doc)).toBe(true);
		if (NEEDS_N8N_2[file.replace(/\.json$/, '')]) expect(readFileSync(doc, 'utf8')).toContain('**Needs n8n 2.0 or newer.**');
		const picture = /!\[[^\]]*\]\((img\/[^)]+\.png)\)/.exec(readFileSync(doc, 'utf8'));
		expect(picture).not.toBeNull();
		const png = path.join(path.dirname(doc), (picture as RegExpExecArray)[1]);
		expect(existsSync(png)).toBe(true);
		// Taken from this version of the template (`npm run screenshots <name>` retakes it).
		expect(stampOf(readFileSync(png))).toBe(templateHash(readFileSync(path.join(ROOT, 'workflows', file))));
	});
});
