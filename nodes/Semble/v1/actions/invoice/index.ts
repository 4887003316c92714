import type { INodeProperties } from 'n8n-workflow';

import * as addPayment from './addPayment.operation';
import * as create from './create.operation';
import * as getMany from './getMany.operation';

export { addPayment, create, getMany };

/** There is no single-invoice query in Semble's API, so there is no "Get" here. */
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['invoice'] } },
		options: [
			{
				name: 'Add Payment',
				value: 'addPayment',
				description: 'Record a payment against an invoice, e.g. from Stripe or GoCardless',
				action: 'Add a payment to an invoice',
			},
			{ name: 'Create', value: 'create', description: 'Raise an invoice for a patient', action: 'Create an invoice' },
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List invoices by date, patient or last change',
				action: 'Get many invoices',
			},
		],
		default: 'getMany',
	},
	...addPayment.description,
	...create.description,
	...getMany.description,
];
