/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: test tooling runs in plain Node, not inside n8n */
import { readdirSync } from 'node:fs';
import path from 'node:path';

import { NEEDS_N8N_2 } from '../templates/n8nLines';
import { n8nApi, realN8nState } from './n8nApi';
import { ROOT } from './realN8n';

/**
 * The templates as a clinic meets them in real n8n, 1.x and 2.x (imported by globalSetup.ts): each
 * one activates, so its triggers start (Semble polling, schedules, webhooks) with our packed
 * nodes. The Stripe template is left out: activating it registers a webhook at Stripe, which
 * this machine cannot reach. Templates that need n8n 2 (n8nLines.ts) are left out on 1.x. What the templates do when they run is proven in
 * test/templates/ through n8n's engine.
 */

jest.setTimeout(120_000);

const state = realN8nState();
const REGISTERS_AT_A_THIRD_PARTY = ['stripe-payments', 'stripe-health-plans'];
const templates = readdirSync(path.join(ROOT, 'workflows'))
	.map((file) => path.basename(file, '.json'))
	.filter((name) => !REGISTERS_AT_A_THIRD_PARTY.includes(name))
	// On n8n 1.x, releasePath.test.ts proves what stops these: one node version 1.x lacks.
	.filter((name) => !(state.version.startsWith('1.') && name in NEEDS_N8N_2));

interface Workflow {
	id: string;
	active: boolean;
}

test.each(templates)('%s activates in real n8n', async (name) => {
	const id = state.workflowIds[name];
	expect(id).toBeDefined();
	try {
		const activated = await n8nApi<Workflow>(state, 'POST', `/workflows/${id}/activate`);
		expect(activated.active).toBe(true);
		expect((await n8nApi<Workflow>(state, 'GET', `/workflows/${id}`)).active).toBe(true);
	} finally {
		await n8nApi(state, 'POST', `/workflows/${id}/deactivate`).catch(() => undefined);
	}
});
