/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: reads the repository's release files */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Publishing with npm provenance (docs/releasing.md): the workflow publishes on a version tag
 * with --provenance and may mint the OIDC token that signs it; package.json names the same
 * GitHub repository, which is where n8n's scanner fetches the attested source from.
 */

const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const workflow = readFileSync(path.join(root, '.github/workflows/publish.yml'), 'utf8');

test('the publish workflow runs on version tags, tests, and publishes with provenance', () => {
	expect(workflow).toMatch(/on:\s*\n\s*push:\s*\n\s*tags: \['v\*'\]/);
	expect(workflow).toMatch(/id-token: write/);
	expect(workflow).toMatch(/run: npm test\n/);
	expect(workflow).toMatch(/run: npm publish --provenance --access public\n/);
});

test('CI runs the README\'s test command on pushes and pull requests', () => {
	const ci = readFileSync(path.join(root, '.github/workflows/ci.yml'), 'utf8');
	expect(ci).toMatch(/on:\s*\n\s*push:[\s\S]*pull_request:/);
	expect(ci).toMatch(/run: bash \.ci\/run\n/);
});

test('repository, homepage and author in package.json agree with a public GitHub repository', () => {
	// The form n8n's scanner accepts when it reads the provenance statement.
	const match = /^git\+https:\/\/github\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)\.git$/.exec(manifest.repository.url);
	expect(match).not.toBeNull();
	const [, owner, repo] = match as RegExpExecArray;
	expect(manifest.repository.type).toBe('git');
	expect(manifest.homepage).toBe(`https://github.com/${owner}/${repo}#readme`);
	expect(manifest.bugs?.url).toBe(`https://github.com/${owner}/${repo}/issues`);
	expect(manifest.author?.name).toEqual(expect.any(String));
	expect(manifest.author?.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
});
