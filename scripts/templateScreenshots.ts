/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: a docs script that runs in plain Node, not inside n8n */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import { stampPng, templateHash } from './canvasPicture';
import { runEditorChecks } from './editorChecks';
import type { RealN8nState } from '../test/realN8n/realN8n';
import { ROOT, startRealN8n, stopProcesses } from '../test/realN8n/realN8n';

/**
 * `npm run screenshots [name ...] [--editor]`: pictures for the docs, taken from real n8n (our
 * packed package, templates imported) in Debian's Chromium.
 * - No arguments: the canvas picture on every docs/templates page, then the editor checks
 *   (editorChecks.ts), which assert what the panels show and picture them in docs/img.
 * - Template names (e.g. `appointment-reminders`): only those canvas pictures.
 * - `--editor` (`npm run screenshots -- --editor`): the editor checks, alone or with the names given.
 * Each canvas PNG carries the hash of the template it shows, so a test notices a picture older
 * than its template. A failed editor check exits non-zero.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = path.join(ROOT, 'docs/templates/img');
const log = (line: string) => process.stdout.write(`[screenshots] ${line}\n`);

/** What the arguments ask for: template names (empty: none, or all when nothing is asked) and the editor checks. */
function parseArgs(args: string[]): { templates: string[]; editor: boolean } {
	const names = args.filter((arg) => arg !== '--editor');
	const all = readdirSync(path.join(ROOT, 'workflows')).map((file) => path.basename(file, '.json'));
	const unknown = names.filter((name) => !all.includes(name));
	if (unknown.length) throw new Error(`no template named ${unknown.join(', ')} in workflows/`);
	if (args.length === 0) return { templates: all, editor: true };
	return { templates: names, editor: args.includes('--editor') };
}

/** Only the templates asked for are imported, so one broken draft cannot stop the others. */
function templateDir(templates: string[]): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'semble-screenshots-'));
	for (const name of templates) copyFileSync(path.join(ROOT, 'workflows', `${name}.json`), path.join(dir, `${name}.json`));
	return dir;
}

async function shootTemplates(page: Page, state: RealN8nState): Promise<void> {
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
}

async function main(): Promise<void> {
	const { templates, editor } = parseArgs(process.argv.slice(2));
	const state = await startRealN8n({ workflowDirs: [templateDir(templates)], log });
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
		await shootTemplates(await context.newPage(), state);
		if (editor) await runEditorChecks(await context.newPage(), state, log);
	} finally {
		await browser.close();
		stopProcesses(state.pids);
	}
}

main().catch((error: Error) => {
	process.stderr.write(`[screenshots] failed: ${error.stack ?? error.message}\n`);
	process.exit(1);
});
