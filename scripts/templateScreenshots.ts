/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: a docs script that runs in plain Node, not inside n8n */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { stampPng, templateHash } from './canvasPicture';
import { ROOT, startRealN8n, stopProcesses } from '../test/realN8n/realN8n';

/**
 * `npm run screenshots [name ...]`: the canvas picture on each docs/templates page, taken from
 * real n8n (our packed package, templates imported) in Debian's Chromium. Each PNG carries the
 * hash of the template it shows, so a test notices a picture older than its template.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = path.join(ROOT, 'docs/templates/img');

async function main(): Promise<void> {
	const only = process.argv.slice(2);
	const log = (line: string) => process.stdout.write(`[screenshots] ${line}\n`);
	// Only the templates asked for are imported, so one broken draft cannot stop the others.
	const dir = mkdtempSync(path.join(tmpdir(), 'semble-screenshots-'));
	for (const file of readdirSync(path.join(ROOT, 'workflows'))) {
		if (only.length === 0 || only.includes(path.basename(file, '.json'))) {
			copyFileSync(path.join(ROOT, 'workflows', file), path.join(dir, file));
		}
	}
	const state = await startRealN8n({ workflowDirs: [dir], log });
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	try {
		const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
		const [name, value] = state.cookie.split('=');
		await context.addCookies([{ name, value, url: state.baseUrl }]);
		const page = await context.newPage();
		mkdirSync(OUT, { recursive: true });
		for (const [file, id] of Object.entries(state.workflowIds)) {
			await page.goto(`${state.baseUrl}/workflow/${id}`);
			await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
			// Fit the whole workflow in view, as the canvas's "zoom to fit" button does.
			await page.keyboard.press('Shift+1');
			// One step back leaves a margin for the canvas's own buttons.
			await page.keyboard.press('-');
			await page.mouse.move(1, 1);
			await page.waitForTimeout(1_000);
			const png = await page.screenshot();
			const template = readFileSync(path.join(ROOT, 'workflows', `${file}.json`));
			writeFileSync(path.join(OUT, `${file}.png`), stampPng(png, templateHash(template)));
			log(`docs/templates/img/${file}.png`);
		}
	} finally {
		await browser.close();
		stopProcesses(state.pids);
	}
}

main().catch((error: Error) => {
	process.stderr.write(`[screenshots] failed: ${error.stack ?? error.message}\n`);
	process.exit(1);
});
