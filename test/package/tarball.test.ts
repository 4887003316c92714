/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- not shipped: test tooling that drives n8n from outside */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

/**
 * What n8n's verification asks of a published community package, checked on the real
 * `npm pack` output of the built package (`npm run build` first).
 */

const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const packedFiles = (): string[] => {
	if (!existsSync(path.join(root, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8' }));
	return (pack.files as Array<{ path: string }>).map((file) => file.path);
};

test('no runtime dependencies, no lifecycle scripts, n8n-workflow only as a peer', () => {
	expect(manifest.dependencies ?? {}).toEqual({});
	for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(manifest.scripts?.[hook]).toBeUndefined();
	expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect(manifest.license).toBe('MIT');
	expect(manifest.keywords).toContain('n8n-community-node-package');
	expect(manifest.n8n).toMatchObject({ n8nNodesApiVersion: 1, strict: true });
});

test('the tarball holds only dist/ plus the manifest, readme and licence', () => {
	const outside = packedFiles().filter((file) => !file.startsWith('dist/'));
	expect(outside.sort()).toEqual(expect.arrayContaining(['package.json']));
	expect(outside.every((file) => /^(package\.json|README\.md|LICENSE(\.md)?)$/.test(file))).toBe(true);
});

test('every node and credential n8n is told about is in the tarball, with its icons', () => {
	const files = packedFiles();
	for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(files).toContain(entry);
	expect(files).toEqual(expect.arrayContaining(['dist/nodes/Semble/semble.svg', 'dist/nodes/Semble/semble.dark.svg']));
});

test('shipped code requires nothing but n8n-workflow and Node built-ins, and never logs or reads the environment', () => {
	const bundles = packedFiles().filter((file) => file.endsWith('.js'));
	expect(bundles.length).toBeGreaterThan(0);
	for (const file of bundles) {
		const code = readFileSync(path.join(root, file), 'utf8');
		const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1]);
		const builtin = (name: string) => builtinModules.includes(name.replace(/^node:/, ''));
		expect(required.filter((name) => name !== 'n8n-workflow' && !builtin(name))).toEqual([]);
		// n8n's verification forbids filesystem and process access in community nodes.
		expect(required.filter((name) => /^(node:)?(fs|child_process)(\/|$)/.test(name))).toEqual([]);
		expect(code).not.toMatch(/process\.env/);
		expect(code).not.toMatch(/console\.(log|debug|info|warn|error)\(/);
	}
});
