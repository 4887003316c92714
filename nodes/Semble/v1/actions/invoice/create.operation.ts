import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { locator, locatorId, locatorParameter } from '../../../pickers/locators';
import { invoiceRecord } from '../../../records/invoice';
import { recordWrite } from '../mutation';
import type { OperationOption } from '../operation';
import { collection } from '../../../shared/collections';

export const option: OperationOption = {
	name: 'Create',
	description: 'Raise an invoice for a patient',
	action: 'Raise an invoice for a patient',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Date',
		name: 'date',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'Invoice date: pick it, or type 2026-03-29 or 29/03/2026',
	},
	locator('patient', { description: 'The patient being invoiced' }),
	locator('clinician', { name: 'doctorId', description: 'The clinician the invoice is for' }),
	locator('location', { description: 'The room (and so the site) the invoice is from' }),
	{
		displayName: 'Line Items',
		name: 'lineItems',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Line Item',
		default: {},
		options: [
			{
				displayName: 'Item',
				name: 'item',
				values: [
					locator('product', { description: 'The product, treatment or service' }),
					{
						displayName: 'Quantity',
						name: 'quantity',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 1,
					},
					{
						displayName: 'Unit Price',
						name: 'price',
						type: 'string',
						default: '',
						placeholder: '120.00',
						description: 'Price per unit in pounds; leave empty to use the product’s own price',
					},
				],
			},
		],
	},
	collection('additionalFields', [
		{ displayName: 'Comments', name: 'comments', type: 'string', default: '', description: 'Internal notes' },
		{
			displayName: 'Extra Info',
			name: 'extraInfo',
			type: 'string',
			default: '',
			description: 'Notes printed on the invoice',
		},
	]),
];

export const mutation = recordWrite('createInvoice', { invoiceData: 'NewInvoiceDataInput' }, invoiceRecord, {
	prepare(i) {
		const input = inputValidator(this, i);
		const invoiceData: IDataObject = {
			date: input.calendarDate('Date', this.getNodeParameter('date', i)),
			patientId: input.id('Patient', locatorParameter.call(this, 'patientId', i)),
			doctorId: input.id('Clinician', locatorParameter.call(this, 'doctorId', i)),
			locationId: input.id('Room', locatorParameter.call(this, 'locationId', i)),
		};
		const items = (this.getNodeParameter('lineItems.item', i, []) as IDataObject[]).map((item, n) => {
			const line: IDataObject = {
				productId: input.id(`Line Item ${n + 1} Product`, locatorId(item.productId)),
				quantity: input.wholeNumber(`Line Item ${n + 1} Quantity`, item.quantity ?? 1, 1),
			};
			if (item.price !== undefined && item.price !== '')
				line.price = input.money(`Line Item ${n + 1} Unit Price`, item.price);
			return line;
		});
		if (items.length) invoiceData.lineItems = items;
		const more = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		if (more.comments) invoiceData.comments = String(more.comments).trim();
		if (more.extraInfo) invoiceData.extraInfo = String(more.extraInfo).trim();
		return { invoiceData };
	},
});
