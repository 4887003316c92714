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
import { checkBudgetMs, filtersOf, optionsProperty, settingsOf } from './pollingTrigger/options';
import { searchClinicians, searchLocations } from './pickers/listSearch';
import type { Range } from './pollingTrigger/check';
import { runCheck } from './pollingTrigger/check';
import type { PollState } from './pollingTrigger/pollCycle';
import { checkEnd, firstState } from './pollingTrigger/pollCycle';
import { testEvent } from './pollingTrigger/testEvent';
import type { Change, Row, TriggerEvent, Watched } from './pollingTrigger/watchers';
import { describeEvent, eventRows, stampField, triggerEventName, watchers } from './pollingTrigger/watchers';
import { readPage } from './shared/pagination';
import { authenticationProperty, sembleCredentials } from './shared/authentication';

const eventOptions = (
	resource: Watched,
	extra: Array<{ name: string; value: TriggerEvent; description: string }>,
): INodeProperties => ({
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
		description:
			'Starts a workflow when patients, bookings, invoices or products change in Semble (checks on a schedule)',
		defaults: { name: 'Semble Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: sembleCredentials,
		properties: [
			authenticationProperty,
			{
				displayName:
					'Checks Semble at the Poll Times above and emits each change once, oldest first. Works without webhooks; nothing is lost if a check fails or n8n restarts. A large backlog drains over several checks.',
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

	methods = { listSearch: { searchClinicians, searchLocations } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const startedAt = performance.now();
		const resource = this.getNodeParameter('resource') as Watched;
		const event = this.getNodeParameter('event') as TriggerEvent;
		const options = this.getNodeParameter('options', {}) as Options;
		const watcher = watchers[resource];
		const settings = settingsOf(options);
		const stamp = stampField(event);
		const { clinicianId, locationId } = filtersOf(options);
		const keep = (row: Row) =>
			(!clinicianId || (row.doctor as IDataObject | undefined)?.id === clinicianId) &&
			(!locationId || (row.location as IDataObject | undefined)?.id === locationId);
		const changesOf = (rows: Row[], since: number) => eventRows(resource, event, rows.filter(keep), since);
		const read = async (range: Range, page: number, pageSize: number) =>
			await readPage(
				this,
				{
					document: watcher.document,
					variables: {
						options: {
							[stamp]: { start: new Date(range.start).toISOString(), end: new Date(range.end).toISOString() },
							...(watcher.includeDeleted ? { includeDeleted: true } : {}),
						},
					},
					field: watcher.field,
					item: watcher.row,
				},
				page,
				pageSize,
			);
		const triggerEvent = triggerEventName(resource, event);
		const toItems = (changes: Change[]): INodeExecutionData[][] => [
			changes.map((change) => {
				const json = { ...watcher.output(change.record, settings.simplified), triggerEvent };
				return { json: change.variant ? { ...json, journeyStage: change.variant } : json };
			}),
		];

		if (this.getMode() === 'manual') {
			return toItems(await testEvent(this, read, changesOf, describeEvent(resource, event, { clinicianId, locationId })));
		}

		// Under n8n's durable poll scheduler this object is the staged poll cursor, committed
		// with the emitted items; elsewhere it is the workflow's static data. Written once, at the end.
		const staticData = this.getWorkflowStaticData('node') as { state?: PollState };
		const now = Date.now();
		const state = staticData.state ?? firstState(now, settings, settings.backfillMs);
		if (!staticData.state && !settings.backfillMs) {
			staticData.state = state;
			return null;
		}
		const result = await runCheck({
			state,
			end: checkEnd(now, settings),
			now,
			settings,
			budgetMs: checkBudgetMs(this, options),
			read,
			stampOf: (row) => row[stamp],
			changesOf,
			clock: () => performance.now(),
			startedAt,
		});
		staticData.state = result.state;
		return result.emit.length ? toItems(result.emit) : null;
	}
}
