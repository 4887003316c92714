import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { fetchPages, listQuery } from '../../../shared/pagination';
import { limitOf, returnAllOrLimit } from '../common/limit';
import { inputValidator } from '../../../shared/validation';
import { dateFilter } from '../common/filters';
import { locatorId, optionalLocator } from '../../../pickers/locators';
import { INVOICE_FIELDS, invoiceSchema } from '../../../records/invoice';
import type { OperationOption } from '../operation';
import { collection } from '../../../shared/collections';

export const GET_INVOICES = listQuery('GetInvoices', 'invoices', { dateRange: 'DateRange', options: 'QueryOptions' }, INVOICE_FIELDS);

export const option: OperationOption = {
	name: 'Get Many',
	description: 'List invoices by date, patient or last change',
	action: 'Find invoices by date, patient or recent change',
};

export const properties: INodeProperties[] = [
	...returnAllOrLimit,
	collection('filters', [
		dateFilter('Invoice Date From', 'dateFrom', 'Only invoices dated on or after this day'),
		dateFilter(
			'Invoice Date To',
			'dateTo',
			'Only invoices dated on or before this day (a date alone includes that whole day)',
		),
		optionalLocator('patient', {
			description:
				'Only this patient’s invoices (Semble cannot filter by patient, so every page is read until enough are found)',
		}),
		dateFilter(
			'Updated After',
			'updatedAfter',
			'Only invoices changed at or after this time (practice time if no zone is given)',
		),
		dateFilter('Updated Before', 'updatedBefore', 'Only invoices changed at or before this time'),
	]),
];

/** `patientId` is a locator value (or a plain ID from before it was one). */
type Filters = {
	dateFrom?: string;
	dateTo?: string;
	patientId?: unknown;
	updatedAfter?: string;
	updatedBefore?: string;
};

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const limit = limitOf(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as Filters;
	const input = inputValidator(this, i);

	const variables: IDataObject = { options: {} };
	if (filters.dateFrom || filters.dateTo) {
		// A bare date as the end means "to the end of that day".
		const dateTo =
			filters.dateTo && /^\d{4}-\d{2}-\d{2}$/.test(filters.dateTo.trim())
				? `${filters.dateTo.trim()}T23:59:59`
				: filters.dateTo;
		variables.dateRange = {
			start: filters.dateFrom ? input.dateTime('Invoice Date From', filters.dateFrom) : undefined,
			end: dateTo ? input.dateTime('Invoice Date To', dateTo) : undefined,
		};
	}
	if (filters.updatedAfter || filters.updatedBefore) {
		variables.options = {
			updatedAt: {
				start: filters.updatedAfter ? input.dateTime('Updated After', filters.updatedAfter) : undefined,
				end: filters.updatedBefore ? input.dateTime('Updated Before', filters.updatedBefore) : undefined,
			},
		};
	}
	const patient = locatorId(filters.patientId);
	const patientId = patient ? input.id('Patient', patient) : undefined;

	const invoices = await fetchPages(this, {
		document: GET_INVOICES,
		variables,
		field: 'invoices',
		item: invoiceSchema,
		limit,
		// Semble cannot filter invoices by patient: applied here, page by page, and only matches count towards Limit.
		keep: patientId ? (invoice) => invoice.patientId === patientId : undefined,
		itemIndex: i,
	});
	return invoices.map((invoice) => ({ json: invoice, pairedItem: { item: i } }));
}
