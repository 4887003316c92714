import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';

/** The optional product fields, shared by Create (Additional Fields) and Update (Update Fields). */
export const productFieldOptions: INodeProperties[] = [
	{
		displayName: 'Bookable',
		name: 'isBookable',
		type: 'boolean',
		default: false,
		description: 'Whether patients can be booked in for it (an appointment type); needs a duration',
	},
	{ displayName: 'Color', name: 'color', type: 'color', default: '', description: 'Colour shown in the diary' },
	{ displayName: 'Comments', name: 'comments', type: 'string', default: '', description: 'Internal notes' },
	{ displayName: 'Cost', name: 'cost', type: 'number', default: 0, description: 'What the item costs the clinic, in pounds' },
	{
		displayName: 'Duration (Minutes)',
		name: 'duration',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		description: 'Length of the appointment in minutes',
	},
	{ displayName: 'Item Code', name: 'itemCode', type: 'string', default: '', description: 'Your own code or SKU' },
	{ displayName: 'Price', name: 'price', type: 'number', default: 0, description: 'Price to the patient, in pounds' },
	{
		displayName: 'Product Type',
		name: 'productType',
		type: 'string',
		default: '',
		placeholder: 'service',
		description: 'Semble product type, e.g. appointment, service or product',
	},
	{
		displayName: 'Requires Confirmation',
		name: 'requiresConfirmation',
		type: 'boolean',
		default: false,
		description: 'Whether online bookings of it must be confirmed by the clinic',
	},
	{
		displayName: 'Requires Payment',
		name: 'requiresPayment',
		type: 'boolean',
		default: false,
		description: 'Whether online bookings of it must be paid when booked',
	},
	{ displayName: 'Stock Level', name: 'stockLevel', type: 'number', default: 0, description: 'Units in stock' },
	{
		displayName: 'Video Consultation',
		name: 'isVideoConsultation',
		type: 'boolean',
		default: false,
		description: 'Whether it takes place by video',
	},
];

const TEXT_KEYS = ['itemCode', 'comments', 'color', 'productType'] as const;
const FLAG_KEYS = ['isBookable', 'isVideoConsultation', 'requiresPayment', 'requiresConfirmation'] as const;

/** Builds Semble's ProductDataInput from the chosen fields, checking each before any request. */
export function productDataFrom(run: IExecuteFunctions, i: number, fields: IDataObject): IDataObject {
	const input = inputValidator(run, i);
	const data: IDataObject = {};
	const given = (key: string) => key in fields && fields[key] !== '' && fields[key] !== null && fields[key] !== undefined;
	if ('name' in fields) data.name = input.required('Name', fields.name);
	for (const key of TEXT_KEYS) if (given(key)) data[key] = String(fields[key]).trim();
	for (const key of FLAG_KEYS) if (key in fields) data[key] = Boolean(fields[key]);
	if (given('price')) data.price = input.money('Price', fields.price);
	if (given('cost')) data.cost = input.money('Cost', fields.cost);
	if (given('duration')) data.duration = input.wholeNumber('Duration (Minutes)', fields.duration, 1);
	if (given('stockLevel')) data.stockLevel = input.wholeNumber('Stock Level', fields.stockLevel, 0);
	return data;
}
