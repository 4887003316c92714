import type { INodeProperties, IPollFunctions } from 'n8n-workflow';

import type { PollSettings } from './pollCycle';
import { collection } from '../shared/collections';
import { locatorId, optionalLocator } from '../pickers/locators';

/** The Semble Trigger's Options: the panel declares each default once, and the poll reads it from there. */

export interface Options {
	fields?: 'simplified' | 'full';
	/** Pickers: an ID, or n8n's locator value holding one. */
	clinicianId?: unknown;
	locationId?: unknown;
	firstRun?: 'fromNow' | 'backfill';
	backfillHours?: number;
	maxItems?: number;
	overlapMinutes?: number;
	safetyLagMinutes?: number;
	checkBudgetSeconds?: number;
	lateChanges?: 'count' | 'reread';
}

const MINUTE = 60_000;

/** An option's default, as the panel declares it. */
const defaultOf = <T>(name: keyof Options) =>
	(optionsProperty.options as INodeProperties[]).find((option) => option.name === name)?.default as T;

/** The booking filters as plain IDs (empty ones left out). */
export function filtersOf(options: Options): { clinicianId?: string; locationId?: string } {
	const idOf = (value: unknown) => String(locatorId(value) ?? '').trim() || undefined;
	return { clinicianId: idOf(options.clinicianId), locationId: idOf(options.locationId) };
}

/** What the poll step needs from the options, with every default filled in. */
export function settingsOf(options: Options): PollSettings & { simplified: boolean; backfillMs: number } {
	const backfill = (options.firstRun ?? defaultOf('firstRun')) === 'backfill';
	return {
		overlapMs: (options.overlapMinutes ?? defaultOf<number>('overlapMinutes')) * MINUTE,
		rereadOverlap: (options.lateChanges ?? defaultOf('lateChanges')) === 'reread',
		safetyLagMs: (options.safetyLagMinutes ?? defaultOf<number>('safetyLagMinutes')) * MINUTE,
		maxItems: options.maxItems ?? defaultOf<number>('maxItems'),
		simplified: (options.fields ?? defaultOf('fields')) === 'simplified',
		backfillMs: backfill ? (options.backfillHours ?? defaultOf<number>('backfillHours')) * 60 * MINUTE : 0,
	};
}

/**
 * How long a check may run: the budget the running n8n gives polls (getPollBudgetMs, n8n
 * 2.38+; under its durable scheduler about 36 s), never more than Time Budget per Check when
 * that is set; on an n8n without it, Time Budget per Check (default 40 s, under the 45 s a
 * durable scheduler allows).
 */
export function checkBudgetMs(context: IPollFunctions, options: Options): number {
	const own = (options.checkBudgetSeconds ?? defaultOf<number>('checkBudgetSeconds')) * 1000;
	const host = typeof context.getPollBudgetMs === 'function' ? context.getPollBudgetMs() : undefined;
	if (host === undefined || !Number.isFinite(host)) return own;
	return options.checkBudgetSeconds === undefined ? host : Math.min(host, own);
}

/** An option that applies to one resource only. */
const only = (resource: string): Pick<INodeProperties, 'displayOptions'> => ({
	displayOptions: { show: { '/resource': [resource] } },
});

export const optionsProperty: INodeProperties = collection('options', [
	{ displayName: 'Backfill Hours', name: 'backfillHours', type: 'number', typeOptions: { minValue: 1 }, default: 24 },
	{
		displayName: 'Time Budget per Check (Seconds)',
		name: 'checkBudgetSeconds',
		type: 'number',
		typeOptions: { minValue: 5 },
		default: 40,
		description:
			'A check stops reading before this and keeps its progress; the rest comes next check. n8n 2.38+ sets its own poll budget, which this can only shorten.',
	},
	optionalLocator('clinician', { description: 'Only this clinician’s bookings', ...only('booking') }),
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'options',
		options: [
			{ name: 'Simplified', value: 'simplified', description: 'Patients as one flat object' },
			{ name: 'Full', value: 'full', description: 'Semble’s full record' },
		],
		default: 'simplified',
		...only('patient'),
	},
	{
		displayName: 'First Run',
		name: 'firstRun',
		type: 'options',
		options: [
			{ name: 'From Now', value: 'fromNow', description: 'Only changes after the workflow is activated' },
			{ name: 'Backfill', value: 'backfill', description: 'Also changes from the hours before activation' },
		],
		default: 'fromNow',
	},
	{
		displayName: 'Late Changes',
		name: 'lateChanges',
		type: 'options',
		options: [
			{
				name: 'Count the Overlap',
				value: 'count',
				description:
					'One request a check finds changes Semble saved late and reads them. Misses only a late-saved edit of a record whose earlier change was read within the overlap.',
			},
			{
				name: 'Re-Read the Overlap',
				value: 'reread',
				description: 'Every check reads the overlap again: catches every late change, at about Overlap ÷ poll interval more requests',
			},
		],
		default: 'count',
	},
	optionalLocator('location', { description: 'Only bookings in this room', ...only('booking') }),
	{
		displayName: 'Max Items per Check',
		name: 'maxItems',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 7000,
		description:
			'More changes than this wait for the next check (oldest first); none are dropped. The default drains a 20,000-change backlog in three checks.',
	},
	{
		displayName: 'Overlap (Minutes)',
		name: 'overlapMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 10,
		description:
			'How late Semble may save a change and still be caught. Each check counts this span again (one request when busy) and re-reads it only when a change appeared late, or every check with Late Changes › Re-Read the Overlap; repeats are filtered out.',
	},
	{
		displayName: 'Safety Lag (Minutes)',
		name: 'safetyLagMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'Changes younger than this wait for the next check. 0 emits a change as soon as Semble lists it; one that Semble saves late (or stamps by a clock behind) is still caught, within the Overlap.',
	},
]);
