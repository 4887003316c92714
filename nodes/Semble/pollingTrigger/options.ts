import type { INodeProperties } from 'n8n-workflow';

import type { PollSettings } from './pollCycle';
import { collection } from '../shared/collections';

/** The Semble Trigger's Options: the panel declares each default once, and the poll reads it from there. */

export interface Options {
	fields?: 'simplified' | 'full';
	clinicianId?: string;
	locationId?: string;
	firstRun?: 'fromNow' | 'backfill';
	backfillHours?: number;
	maxItems?: number;
	overlapMinutes?: number;
	safetyLagMinutes?: number;
}

const MINUTE = 60_000;

/** An option's default, as the panel declares it. */
const defaultOf = <T>(name: keyof Options) =>
	(optionsProperty.options as INodeProperties[]).find((option) => option.name === name)?.default as T;

/** What the poll step needs from the options, with every default filled in. */
export function settingsOf(options: Options): PollSettings & { simplified: boolean; backfillMs: number } {
	const backfill = (options.firstRun ?? defaultOf('firstRun')) === 'backfill';
	return {
		overlapMs: (options.overlapMinutes ?? defaultOf<number>('overlapMinutes')) * MINUTE,
		safetyLagMs: (options.safetyLagMinutes ?? defaultOf<number>('safetyLagMinutes')) * MINUTE,
		maxItems: options.maxItems ?? defaultOf<number>('maxItems'),
		simplified: (options.fields ?? defaultOf('fields')) === 'simplified',
		backfillMs: backfill ? (options.backfillHours ?? defaultOf<number>('backfillHours')) * 60 * MINUTE : 0,
	};
}

export const optionsProperty: INodeProperties = collection('options', [
	{ displayName: 'Backfill Hours', name: 'backfillHours', type: 'number', typeOptions: { minValue: 1 }, default: 24 },
	{
		displayName: 'Clinician ID',
		name: 'clinicianId',
		type: 'string',
		default: '',
		description: 'Bookings only: just this clinician’s',
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'options',
		options: [
			{ name: 'Simplified', value: 'simplified', description: 'Patients as one flat object' },
			{ name: 'Full', value: 'full', description: 'Semble’s full record' },
		],
		default: 'simplified',
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
		displayName: 'Location ID',
		name: 'locationId',
		type: 'string',
		default: '',
		description: 'Bookings only: just this room’s',
	},
	{
		displayName: 'Max Items per Check',
		name: 'maxItems',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 500,
		description: 'More changes than this wait for the next check (oldest first); none are dropped',
	},
	{
		displayName: 'Overlap (Minutes)',
		name: 'overlapMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 10,
		description:
			'Each check re-reads this much before the last one, in case Semble saved a change late; repeats are filtered out',
	},
	{
		displayName: 'Safety Lag (Minutes)',
		name: 'safetyLagMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 2,
		description: 'Changes younger than this wait for the next check, so clock skew cannot hide them',
	},
]);
