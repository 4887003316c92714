// First: on an n8n too old for this package, fail at load with a plain message.
import './shared/supportedN8n';

import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { receiveDelivery } from './webhookTrigger/delivery';
import { eventOptions } from './webhookTrigger/events';
import { createSubscriptions, deleteSubscriptions, subscriptionsExist } from './webhookTrigger/registration';
import { authenticationProperty, sembleCredentials } from './shared/authentication';
import { collection } from './shared/collections';

export class SembleWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Semble Webhook Trigger',
		name: 'sembleWebhookTrigger',
		icon: { light: 'file:semble.svg', dark: 'file:semble.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["events"] || []).length + " event type(s)"}}',
		description: 'Starts the workflow the moment something changes in Semble (webhooks must be enabled for the practice)',
		defaults: { name: 'Semble Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: sembleCredentials,
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'Semble support must enable webhooks for your practice first, and n8n must be reachable at a public HTTPS address. Without webhooks, use the Semble Trigger (polling) instead.',
				name: 'webhooksNotice',
				type: 'notice',
				default: '',
			},
			authenticationProperty,
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: eventOptions,
				default: [],
				required: true,
				description:
					'What starts the workflow. Semble allows 10 event types per webhook subscription, so more than 10 are registered as several subscriptions.',
			},
			{
				displayName: 'Fetch Full Record',
				name: 'fetchFullRecord',
				type: 'boolean',
				default: true,
				description:
					'Whether to fetch the booking (for booking events) or the patient (for patient events) from Semble and output it as "record". Semble’s deliveries carry IDs only.',
			},
			collection('options', [
					{
						displayName: 'Ignore Repeated Deliveries',
						name: 'ignoreRepeatedDeliveries',
						type: 'boolean',
						default: true,
						description:
							'Whether to skip a delivery Semble repeats instead of running the workflow again: a created, deleted or merged event for the same IDs, or any other event for the same fetched record version',
					},
					{
						displayName: 'Label Prefix',
						name: 'labelPrefix',
						type: 'string',
						default: 'n8n',
						description:
							'Start of the subscription label shown in Semble: "prefix · workflow · node (1/1)"',
					},
				]),
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await subscriptionsExist(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createSubscriptions(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteSubscriptions(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery(this);
	}
}
