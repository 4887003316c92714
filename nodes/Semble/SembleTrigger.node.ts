// First: on an n8n too old for this package, fail at load with a plain message.
import './shared/supportedN8n';

import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { PollSettings, PollState } from './pollingTrigger/pollCycle';
import { settle, windowFor } from './pollingTrigger/pollCycle';
import type { TriggerEvent, Watched } from './pollingTrigger/watchers';
import { eventRows, stampField, watchers } from './pollingTrigger/watchers';
import { scanWindow } from './pollingTrigger/windowScan';
import { readPage } from './shared/pagination';
import { authenticationProperty, sembleCredentials } from './shared/authentication';

const MINUTE = 60_000;

const eventOptions = (resource: Watched, extra: Array<{ name: string; value: TriggerEvent; description: string }>): INodeProperties => ({
	displayName: 'Event',
	name: 'event',
	type: 'options',
	displayOptions: { show: { resource: [resource] } },
	options: [
		{ name: 'Created or Updated', value: 'createdOrUpdated', description: 'Any new or changed record' },
		{ name: 'Created', value: 'created', description: 'New records only' },
		{ name: 'Updated', value: 'updated', description: 'Changes to existing records only' },
		...extra,
	],
	default: 'createdOrUpdated',
});

interface Options {
	fields?: 'simplified' | 'full';
	clinicianId?: string;
	locationId?: string;
	firstRun?: 'fromNow' | 'backfill';
	backfillHours?: number;
	maxItems?: number;
	overlapMinutes?: number;
	safetyLagMinutes?: number;
}

export class SembleTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Semble Trigger',
		name: 'sembleTrigger',
		icon: { light: 'file:semble.svg', dark: 'file:semble.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["resource"] + ": " + $parameter["event"]}}',
		description: 'Starts a workflow when patients, bookings, invoices or products change in Semble (checks on a schedule)',
		defaults: { name: 'Semble Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: sembleCredentials,
		properties: [
			authenticationProperty,
			{
				displayName:
					'Checks Semble on the schedule below and emits each change once. Works without webhooks; nothing is lost if a check fails or n8n restarts.',
				name: 'pollingNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Booking', value: 'booking' },
					{ name: 'Invoice', value: 'invoice' },
					{ name: 'Patient', value: 'patient' },
					{ name: 'Product', value: 'product' },
				],
				default: 'patient',
			},
			eventOptions('patient', [{ name: 'Archived', value: 'deleted', description: 'Patients archived in Semble' }]),
			eventOptions('booking', [
				{ name: 'Cancelled', value: 'deleted', description: 'Bookings cancelled (deleted) in Semble' },
				{ name: 'Journey Changed', value: 'journey', description: 'Arrived, in consultation, completed or no-show' },
			]),
			eventOptions('invoice', []),
			eventOptions('product', []),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
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
						description: 'Each check re-reads this much before the last one, in case Semble saved a change late; repeats are filtered out',
					},
					{
						displayName: 'Safety Lag (Minutes)',
						name: 'safetyLagMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 2,
						description: 'Changes younger than this wait for the next check, so clock skew cannot hide them',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const resource = this.getNodeParameter('resource') as Watched;
		const event = this.getNodeParameter('event') as TriggerEvent;
		const options = this.getNodeParameter('options', {}) as Options;
		const watcher = watchers[resource];
		const simplified = (options.fields ?? 'simplified') === 'simplified';
		const settings: PollSettings = {
			overlapMs: (options.overlapMinutes ?? 10) * MINUTE,
			safetyLagMs: (options.safetyLagMinutes ?? 2) * MINUTE,
			maxItems: options.maxItems ?? 500,
		};
		const keep = (row: IDataObject) =>
			(!options.clinicianId || (row.doctor as IDataObject | undefined)?.id === options.clinicianId) &&
			(!options.locationId || (row.location as IDataObject | undefined)?.id === options.locationId);
		const toItems = (rows: IDataObject[]) =>
			rows.map((row) => {
				const { variant } = row;
				const record = { ...row };
				delete record.stamp;
				delete record.variant;
				const json = { ...watcher.output(record as { id: string }, simplified), triggerEvent: event };
				return { json: variant ? { ...json, journeyStage: variant } : json };
			});
		const now = Date.now();

		if (this.getMode() === 'manual') {
			// "Fetch test event": a few real recent records, and no state is touched.
			const { rows } = await readPage(
				this,
				{
					document: watcher.document,
					variables: { options: watcher.includeDeleted ? { includeDeleted: true } : {} },
					field: watcher.field,
					item: watcher.row,
				},
				1,
				5,
			);
			return rows.length ? [toItems(rows)] : null;
		}

		const staticData = this.getWorkflowStaticData('node') as { state?: PollState };
		let state = staticData.state;
		if (!state) {
			const backfill = options.firstRun === 'backfill' ? (options.backfillHours ?? 24) * 60 * MINUTE : 0;
			state = { watermark: new Date(now - settings.safetyLagMs - backfill + settings.overlapMs).toISOString(), seen: [] };
			if (!backfill) {
				staticData.state = state;
				return null;
			}
		}
		const window = windowFor(state, now, settings);
		if (!window) return null;
		const rows = (await scanWindow(this, watcher, stampField(event), window)) as IDataObject[];
		const candidates = eventRows(resource, event, rows.filter(keep) as Array<{ id: string }>, window);
		const result = settle(state, window, candidates, settings);
		// Stored only now, after the whole window was read: a failed check moves nothing.
		staticData.state = result.state;
		return result.emit.length ? [toItems(result.emit as unknown as IDataObject[])] : null;
	}
}
