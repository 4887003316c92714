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

import type { Options } from './pollingTrigger/options';
import { optionsProperty, settingsOf } from './pollingTrigger/options';
import type { PollState } from './pollingTrigger/pollCycle';
import { firstState, settle, windowFor } from './pollingTrigger/pollCycle';
import type { Row, TriggerEvent, Watched } from './pollingTrigger/watchers';
import { eventRows, stampField, watchers } from './pollingTrigger/watchers';
import { scanWindow } from './pollingTrigger/windowScan';
import { readPage } from './shared/pagination';
import { authenticationProperty, sembleCredentials } from './shared/authentication';

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
			optionsProperty,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const resource = this.getNodeParameter('resource') as Watched;
		const event = this.getNodeParameter('event') as TriggerEvent;
		const options = this.getNodeParameter('options', {}) as Options;
		const watcher = watchers[resource];
		const settings = settingsOf(options);
		const keep = (row: Row) =>
			(!options.clinicianId || (row.doctor as IDataObject | undefined)?.id === options.clinicianId) &&
			(!options.locationId || (row.location as IDataObject | undefined)?.id === options.locationId);
		const toItem = (record: Row, journeyStage?: string): INodeExecutionData => {
			const json = { ...watcher.output(record, settings.simplified), triggerEvent: event };
			return { json: journeyStage ? { ...json, journeyStage } : json };
		};

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
			return rows.length ? [rows.map((row: Row) => toItem(row))] : null;
		}

		const staticData = this.getWorkflowStaticData('node') as { state?: PollState };
		let state = staticData.state;
		if (!state) {
			state = firstState(Date.now(), settings, settings.backfillMs);
			if (!settings.backfillMs) {
				staticData.state = state;
				return null;
			}
		}
		const window = windowFor(state, Date.now(), settings);
		if (!window) return null;
		const rows = await scanWindow(this, watcher, stampField(event), window);
		const result = settle(state, window, eventRows(resource, event, rows.filter(keep), window), settings);
		// Stored only now, after the whole window was read: a failed check moves nothing.
		staticData.state = result.state;
		return result.emit.length ? [result.emit.map((change) => toItem(change.record, change.variant))] : null;
	}
}
