/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- not shipped: loads the built bundles in a child Node */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * On an n8n older than the supported range the packed nodes must refuse to load with a
 * message that names the range, not break later with a TypeError. An older n8n is simulated
 * by hiding one n8n-workflow export the nodes use (NodeConnectionTypes arrived in the 1.8x line).
 */

const root = path.resolve(__dirname, '../..');
const { nodes } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).n8n as { nodes: string[] };

function load(bundle: string, hide: string | null): { status: number | null; stderr: string } {
	const script = `
		const Module = require('module');
		const load = Module._load;
		Module._load = function (request, ...rest) {
			const loaded = load.call(this, request, ...rest);
			if (request !== 'n8n-workflow' || !${JSON.stringify(hide)}) return loaded;
			const older = { ...loaded };
			delete older[${JSON.stringify(hide)}];
			return older;
		};
		const exported = require(${JSON.stringify(path.join(root, bundle))});
		for (const NodeClass of Object.values(exported)) new NodeClass();
	`;
	const { status, stderr } = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
	return { status, stderr };
}

test.each(nodes)('%s loads on a supported n8n', (bundle) => {
	expect(load(bundle, null)).toEqual({ status: 0, stderr: '' });
});

test.each(nodes)('%s refuses an n8n without NodeConnectionTypes, naming the supported range', (bundle) => {
	const { status, stderr } = load(bundle, 'NodeConnectionTypes');
	expect(status).not.toBe(0);
	expect(stderr).toContain('n8n-nodes-semble cannot run on this n8n: its n8n-workflow lacks NodeConnectionTypes');
	expect(stderr).toContain('Update n8n to 1.123 (1.x) or 2.41 or newer (2.x)');
});
