/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: a docs script that runs in plain Node, not inside n8n */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

import { n8nApi } from '../test/realN8n/n8nApi';
import type { RealN8nState } from '../test/realN8n/realN8n';
import { ROOT, sandboxCredentials } from '../test/realN8n/realN8n';

/**
 * The editor as a clinic meets it, checked in real n8n's own UI and pictured for the docs.
 * templateScreenshots.ts runs these after the template pictures (`npm run screenshots --
 * --editor` runs only these). Each check creates its workflow through n8n's API, then:
 * - Booking › Create: Start and End are n8n date-time pickers; clicking one opens the
 *   calendar (Element Plus's), Start's on the date already set → docs/img/booking-create-panel.png
 * - Semble Trigger, Booking › Cancelled: a booking is cancelled in the sandbox; the panel's
 *   Fetch Test Event shows it with triggerEvent "cancelled" → docs/img/cancelled-bookings-test-event.png
 * A check that does not see what it expects throws, naming what it saw: the script exits non-zero.
 */

const OUT = path.join(ROOT, 'docs/img');
/** Generous: a 2-core machine loads the editor and its panels slowly. */
const WAIT = 60_000;
const SEMBLE = 'n8n-nodes-semble.semble';
const SEMBLE_TRIGGER = 'n8n-nodes-semble.sembleTrigger';

type Log = (line: string) => void;

function expectThat(ok: boolean, what: string): asserts ok {
	if (!ok) throw new Error(`editor check failed: ${what}`);
}

// ---- the sandbox: a real booking to fill the panel with, and one to cancel

interface UpcomingBooking {
	id: string;
	patient: { id: string; fullName: string; dob: string | null };
	doctor: { id: string; fullName: string };
	location: { id: string; name: string; groupName: string | null };
	appointment: { id: string; title: string };
}

async function sandboxGraphql<T>(state: RealN8nState, query: string, variables: object): Promise<T> {
	const response = await fetch(state.sandbox.url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-token': state.sandbox.apiToken },
		body: JSON.stringify({ query, variables }),
	});
	const body = (await response.json()) as { data?: T; errors?: unknown };
	if (!response.ok || body.errors || !body.data) {
		throw new Error(`sandbox answered HTTP ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
	}
	return body.data;
}

/** The next live booking in the coming two weeks, with who, where and what. */
async function upcomingBooking(state: RealN8nState): Promise<UpcomingBooking> {
	const now = Date.now();
	const data = await sandboxGraphql<{ bookings: { data: UpcomingBooking[] } }>(
		state,
		`query ($range: DateRange) { bookings(dateRange: $range, pagination: { page: 1, pageSize: 1 }) { data {
			id patient { id fullName dob } doctor { id fullName } location { id name groupName } appointment { id title } } } }`,
		{ range: { start: new Date(now).toISOString(), end: new Date(now + 14 * 86_400_000).toISOString() } },
	);
	const [booking] = data.bookings.data;
	expectThat(booking !== undefined, 'the sandbox has no booking in the next two weeks');
	return booking;
}

/** Cancels (deletes, in Semble's words) a booking, as reception would; returns its id. */
async function cancelBooking(state: RealN8nState, id: string): Promise<string> {
	const data = await sandboxGraphql<{ deleteBooking: { data: { id: string; deleted: boolean } | null; error: string | null } }>(
		state,
		'mutation ($id: ID!) { deleteBooking(id: $id, sendCancellationMessages: false) { data { id deleted } error } }',
		{ id },
	);
	expectThat(data.deleteBooking.data?.deleted === true, `the sandbox did not cancel booking ${id}: ${data.deleteBooking.error}`);
	return id;
}

// ---- the workflows each check opens

function sembleNode(name: string, type: string, position: [number, number], parameters: object, state: RealN8nState) {
	const credential = sandboxCredentials(state.sandbox).find((candidate) => candidate.type === 'sembleApi');
	return {
		id: randomUUID(),
		name,
		type,
		typeVersion: 1,
		position,
		parameters: { authentication: 'apiToken', ...parameters },
		credentials: { sembleApi: { id: credential?.id, name: credential?.name } },
	};
}

/** A resource locator set "From list", as if the entry had been picked there. */
const picked = (value: string, cachedResultName: string) => ({ __rl: true, mode: 'list', value, cachedResultName });

function bookingCreateWorkflow(state: RealN8nState, booking: UpcomingBooking, start: string) {
	const { patient, doctor, location, appointment } = booking;
	const trigger = {
		id: randomUUID(),
		name: 'When clicking ‘Execute workflow’',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const create = sembleNode('Book the appointment', SEMBLE, [220, 0], {
		resource: 'booking',
		operation: 'create',
		patientId: picked(patient.id, patient.dob ? `${patient.fullName} (${patient.dob.slice(0, 10)})` : patient.fullName),
		clinicianId: picked(doctor.id, doctor.fullName),
		locationId: picked(location.id, [location.name, location.groupName].filter(Boolean).join(' — ')),
		appointmentTypeId: picked(appointment.id, appointment.title),
		start,
	}, state);
	return {
		name: 'Editor check: Booking › Create',
		nodes: [trigger, create],
		connections: { [trigger.name]: { main: [[{ node: create.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

function cancelledBookingsWorkflow(state: RealN8nState) {
	const trigger = sembleNode('Booking cancelled', SEMBLE_TRIGGER, [0, 0], {
		pollTimes: { item: [{ mode: 'everyMinute' }] },
		resource: 'booking',
		event: 'deleted', // listed as "Cancelled"
	}, state);
	return { name: 'Editor check: cancelled bookings', nodes: [trigger], connections: {}, settings: { executionOrder: 'v1' } };
}

// ---- the browser

/** Opens the workflow in the editor and the panel (NDV) of its node of `nodeType`. */
async function openPanel(page: Page, state: RealN8nState, workflowId: string, nodeType: string): Promise<Locator> {
	await page.goto(`${state.baseUrl}/workflow/${workflowId}`);
	const node = page.locator(`[data-test-id="canvas-node"][data-node-type="${nodeType}"]`);
	await node.waitFor({ timeout: WAIT });
	await node.dblclick();
	const panel = page.locator('[data-test-id="ndv"]');
	await panel.waitFor({ timeout: WAIT });
	return panel;
}

/**
 * Clicks a dateTime field's input and returns the calendar it opened. Element Plus renders the
 * popup outside the panel; the field's picker names it in aria-controls.
 */
async function openCalendar(page: Page, panel: Locator, field: string): Promise<Locator> {
	const selector = `[data-test-id="parameter-input-${field}"] .el-date-editor--datetime`;
	const picker = panel.locator(selector);
	expectThat((await picker.count()) === 1, `${field} is not an n8n date-time picker: no ${selector}`);
	await picker.locator('input').click();
	const popup = page.locator(`[id="${await picker.getAttribute('aria-controls')}"] .el-date-picker`);
	await popup.waitFor({ state: 'visible', timeout: WAIT }).catch(() => {
		throw new Error(`editor check failed: clicking ${field} opened no calendar`);
	});
	expectThat((await picker.getAttribute('aria-expanded')) === 'true', `${field}'s picker does not say it is open`);
	return popup;
}

const texts = async (locator: Locator) => (await locator.allInnerTexts()).map((text) => text.trim());

async function checkBookingDatePickers(page: Page, state: RealN8nState, log: Log): Promise<void> {
	// A week ahead, 09:30 practice time: the value as the picker itself writes it.
	const day = new Date(Date.now() + 7 * 86_400_000);
	const date = day.toISOString().slice(0, 10);
	const booking = await upcomingBooking(state);
	const { id } = await n8nApi<{ id: string }>(state, 'POST', '/workflows', bookingCreateWorkflow(state, booking, `${date}T09:30:00`));
	const panel = await openPanel(page, state, id, SEMBLE);

	// End's calendar opens over Start: Escape closes it (and leaves the panel open).
	const endCalendar = await openCalendar(page, panel, 'end');
	await page.keyboard.press('Escape');
	await endCalendar.waitFor({ state: 'hidden', timeout: WAIT });
	const calendar = await openCalendar(page, panel, 'start');
	// The calendar opens on the value set: its own date and time boxes, the month shown, the day marked.
	const boxes = calendar.locator('.el-date-picker__editor-wrap input');
	const shown = [await boxes.nth(0).inputValue(), await boxes.nth(1).inputValue()];
	expectThat(shown.join(' ') === `${date} 09:30:00`, `Start's calendar shows ${shown.join(' ')}, not ${date} 09:30:00`);
	const month = day.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
	const header = (await texts(calendar.locator('.el-date-picker__header-label'))).join(' ');
	expectThat(header === `${day.getUTCFullYear()} ${month}`, `Start's calendar shows ${header}, not ${month}`);
	const marked = await texts(calendar.locator('td.current'));
	expectThat(marked.join() === String(day.getUTCDate()), `Start's calendar marks day ${marked.join()}, not ${day.getUTCDate()}`);

	await page.mouse.move(1, 1);
	await save(page, 'booking-create-panel.png', log);
}

async function checkCancelledTestEvent(page: Page, state: RealN8nState, log: Log): Promise<void> {
	const cancelled = await cancelBooking(state, (await upcomingBooking(state)).id);
	const { id } = await n8nApi<{ id: string }>(state, 'POST', '/workflows', cancelledBookingsWorkflow(state));
	const panel = await openPanel(page, state, id, SEMBLE_TRIGGER);

	const button = panel.locator('[data-test-id="node-execute-button"]');
	const label = (await button.innerText()).trim();
	expectThat(label === 'Fetch Test Event', `the trigger's button says "${label}", not "Fetch Test Event"`);
	await button.click();
	const output = panel.locator('[data-test-id="output-panel"]');
	await output.locator('[data-test-id="node-run-status-success"]').waitFor({ timeout: WAIT }).catch(async () => {
		throw new Error(`editor check failed: Fetch Test Event did not succeed; the output says:\n${await output.innerText()}`);
	});
	await output.locator('[data-test-id="radio-button-json"]').click();
	// n8n's JSON view shows each value with its path, e.g. data-path="[0].triggerEvent".
	const first = (key: string) => output.locator(`.vjs-value [data-path="[0].${key}"]`);
	await first('id').waitFor({ timeout: WAIT });
	const itemId = JSON.parse(await first('id').innerText()) as string;
	expectThat(itemId === cancelled, `the test event's first item is booking ${itemId}, not ${cancelled}, the one just cancelled`);
	// triggerEvent closes the item; the JSON view renders only the rows in view, so scroll down to it.
	await output.locator('.vjs-tree').hover();
	for (let step = 0; step < 20 && (await first('triggerEvent').count()) === 0; step++) await page.mouse.wheel(0, 300);
	await first('triggerEvent').scrollIntoViewIfNeeded({ timeout: WAIT });
	const triggerEvent = JSON.parse(await first('triggerEvent').innerText()) as string;
	expectThat(triggerEvent === 'cancelled', `the test event's triggerEvent is "${triggerEvent}", not "cancelled"`);
	const deleted = await first('deleted').innerText();
	expectThat(deleted === 'true', `the test event's booking has deleted: ${deleted}`);

	await first('triggerEvent').hover();
	await save(page, 'cancelled-bookings-test-event.png', log);
}

async function save(page: Page, file: string, log: Log): Promise<void> {
	// Toasts ("Node executed successfully") fade on their own; the picture shows the panel.
	await page.locator('.el-notification').first().waitFor({ state: 'hidden', timeout: 15_000 }).catch(() => undefined);
	await page.waitForTimeout(500); // the last click's animations
	mkdirSync(OUT, { recursive: true });
	writeFileSync(path.join(OUT, file), await page.screenshot());
	log(`docs/img/${file}`);
}

/** Runs every check in turn; the first failure throws. */
export async function runEditorChecks(page: Page, state: RealN8nState, log: Log): Promise<void> {
	// Tall enough for Start's calendar to open below it, leaving the fields above in view.
	await page.setViewportSize({ width: 1600, height: 1150 });
	// n8n's first-use hint "You can pin this output…" would cover the trigger's output.
	await page.addInitScript("localStorage.setItem('N8N_PIN_DATA_DISCOVERY_NDV', 'true')");
	for (const [name, run] of [
		['Booking › Create: Start and End are date pickers', checkBookingDatePickers],
		['Semble Trigger: Fetch Test Event shows a cancelled booking', checkCancelledTestEvent],
	] as const) {
		const started = Date.now();
		await run(page, state, log);
		log(`ok (${((Date.now() - started) / 1000).toFixed(1)} s): ${name}`);
	}
}
