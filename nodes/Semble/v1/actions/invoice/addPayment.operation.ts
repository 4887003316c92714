import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { practiceDate } from '../../../shared/practiceTime';
import { inputValidator } from '../../../shared/validation';
import { invoiceRecord } from '../../../records/invoice';
import { recordWrite } from '../mutation';
import { locator, locatorParameter } from '../../../pickers/locators';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Add Payment',
	description: 'Record a payment against an invoice, e.g. from Stripe or GoCardless',
	action: 'Record a payment received against an invoice',
};

export const properties: INodeProperties[] = [
	locator('invoice'),
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		typeOptions: { minValue: 0.01, numberPrecision: 2 },
		required: true,
		default: 0,
		description: 'Amount paid in pounds (e.g. 45.50); not more than the invoice’s outstanding amount',
	},
	{
		displayName: 'Payment Type Name or ID',
		name: 'paymentTypeId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPaymentTypes' },
		required: true,
		default: '',
		description:
			'How the patient paid, e.g. Stripe or GoCardless. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Payment Date',
		name: 'paymentDate',
		type: 'dateTime',
		default: '',
		description: 'Pick it, or type 2026-03-29 or 29/03/2026; leave empty for today (UK time)',
	},
	{
		displayName: 'Comment',
		name: 'comment',
		type: 'string',
		default: '',
		placeholder: 'Stripe charge ch_3P…',
		description: 'Note kept with the payment, e.g. the payment provider’s reference',
	},
];

export const mutation = recordWrite(
	'addInvoicePayment',
	{ invoiceId: 'ID!', paymentData: 'NewInvoicePaymentDataInput' },
	invoiceRecord,
	{
		prepare(i) {
			const input = inputValidator(this, i);
			const invoiceId = input.id('Invoice', locatorParameter.call(this, 'invoiceId', i));
			const paymentData: IDataObject = {
				paymentAmount: input.amount('Amount', this.getNodeParameter('amount', i)),
				paymentTypeId: input.id('Payment Type', this.getNodeParameter('paymentTypeId', i)),
			};
			const paymentDate = String(this.getNodeParameter('paymentDate', i, '') ?? '').trim();
			paymentData.paymentDate = paymentDate ? input.calendarDate('Payment Date', paymentDate) : practiceDate();
			const comment = String(this.getNodeParameter('comment', i, '') ?? '').trim();
			if (comment) paymentData.comment = comment;
			return { invoiceId, paymentData };
		},
	},
);
