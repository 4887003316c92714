import { DateTime } from 'luxon';
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { num, text } from '../records/fields';
import { PRACTICE_TIMEZONE } from '../shared/practiceTime';
import { sembleRequest } from '../transport';
import {
	PATIENT_ATTRIBUTE_LIST,
	PATIENT_LABEL_LIST,
	PATIENT_NUMBER_LIST,
	PATIENT_PHONE_LIST,
	SEARCH_INVOICES,
} from './documents';
import { filteredPages, matches } from './lists';

/**
 * The lists behind the locators of invoices and of a patient's own entries (phones, numbers,
 * custom attributes, labels). A patient's entries are read for the patient chosen above, and
 * show no more than a receptionist needs to tell them apart: a phone's type and last digits,
 * a number's type and last digits, an attribute's title, a label's text.
 */

const INVOICE_LIST_DAYS = 90;
const invoiceRow = z.object({
	id: z.string(),
	invoiceNumber: num,
	date: text,
	total: num,
	outstanding: num,
	patient: z.object({ firstName: text, lastName: text }).nullish(),
});

const pounds = (amount?: number | null) => `£${(amount ?? 0).toFixed(2)}`;

/** "Invoice 1042 · 3 Dec 2026 · Jane Smith · £120.00 (£40.00 outstanding)". */
function invoiceListName(invoice: z.infer<typeof invoiceRow>): string {
	const date = invoice.date ? DateTime.fromISO(invoice.date, { zone: PRACTICE_TIMEZONE }) : undefined;
	const patient = [invoice.patient?.firstName, invoice.patient?.lastName].filter(Boolean).join(' ');
	const owed = invoice.outstanding ? ` (${pounds(invoice.outstanding)} outstanding)` : ' (paid)';
	return [
		invoice.invoiceNumber ? `Invoice ${invoice.invoiceNumber}` : 'Invoice',
		date?.isValid ? date.toFormat('d LLL yyyy') : undefined,
		patient || undefined,
		`${pounds(invoice.total)}${owed}`,
	]
		.filter(Boolean)
		.join(' · ');
}

/** Invoices dated in the last 90 days, searched here by number, patient name or date. */
export async function searchInvoices(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const today = DateTime.now().setZone(PRACTICE_TIMEZONE).startOf('day');
	// Up to the end of today, as Invoice › Get Many reads a date To.
	const dateRange = { start: today.minus({ days: INVOICE_LIST_DAYS }).toISODate(), end: `${today.toISODate()}T23:59:59` };
	return await filteredPages(
		this,
		{
			document: SEARCH_INVOICES,
			field: 'invoices',
			row: invoiceRow,
			variables: { dateRange },
			toItem: (invoice) => ({ name: invoiceListName(invoice), value: invoice.id }),
		},
		filter,
		paginationToken,
	);
}

const lastDigits = (value?: string | null) => {
	const digits = (value ?? '').replace(/\D/g, '');
	return digits ? `ending ${digits.slice(-3)}` : '';
};

interface EntryList<Entry> {
	document: string;
	entries: z.ZodType<Entry[]>;
	toItem: (entry: Entry) => INodeListSearchItems | undefined;
}

const entryLists = {
	phones: {
		document: PATIENT_PHONE_LIST,
		entries: z.array(z.object({ phoneId: text, phoneType: text, phoneNumber: text }).nullable()),
		toItem: (phone) =>
			phone?.phoneId
				? { name: `${phone.phoneType || 'Phone'} ${lastDigits(phone.phoneNumber)}`.trim(), value: phone.phoneId }
				: undefined,
	} satisfies EntryList<{ phoneId?: string | null; phoneType?: string | null; phoneNumber?: string | null } | null>,
	numbers: {
		document: PATIENT_NUMBER_LIST,
		entries: z.array(z.object({ id: z.string(), name: text, value: text }).nullable()),
		toItem: (number) =>
			number ? { name: `${number.name || 'Number'} ${lastDigits(number.value)}`.trim(), value: number.id } : undefined,
	} satisfies EntryList<{ id: string; name?: string | null; value?: string | null } | null>,
	customAttributes: {
		document: PATIENT_ATTRIBUTE_LIST,
		entries: z.array(z.object({ id: text, title: text }).nullable()),
		toItem: (attribute) =>
			attribute?.id ? { name: attribute.title || 'Untitled attribute', value: attribute.id } : undefined,
	} satisfies EntryList<{ id?: string | null; title?: string | null } | null>,
	labels: {
		document: PATIENT_LABEL_LIST,
		entries: z.array(z.object({ id: z.string(), text }).nullable()),
		toItem: (label) => (label ? { name: label.text || 'Unnamed label', value: label.id } : undefined),
	} satisfies EntryList<{ id: string; text?: string | null } | null>,
};

/** The entries of the patient chosen in the node, filtered here. */
async function patientEntries<Entry>(
	context: ILoadOptionsFunctions,
	field: keyof typeof entryLists,
	list: EntryList<Entry>,
	filter?: string,
): Promise<INodeListSearchResult> {
	const patientId = String(context.getCurrentNodeParameter('patientId', { extractValue: true }) ?? '').trim();
	if (!patientId || patientId.startsWith('=')) {
		throw new NodeOperationError(context.getNode(), 'Choose the patient first: this list shows that patient’s entries');
	}
	const schema = z.object({ patient: z.object({ [field]: list.entries.nullish() }).nullable() });
	const answer = (await sembleRequest.call(context, {
		document: list.document,
		variables: { id: patientId },
		kind: 'read',
		schema,
	})) as { patient: Record<string, Entry[] | null | undefined> | null };
	const items = (answer.patient?.[field] ?? []).map(list.toItem);
	return { results: items.filter((item): item is INodeListSearchItems => !!item && matches(item.name, filter)) };
}

export async function searchPatientPhones(this: ILoadOptionsFunctions, filter?: string) {
	return await patientEntries(this, 'phones', entryLists.phones, filter);
}

export async function searchPatientNumbers(this: ILoadOptionsFunctions, filter?: string) {
	return await patientEntries(this, 'numbers', entryLists.numbers, filter);
}

export async function searchPatientAttributes(this: ILoadOptionsFunctions, filter?: string) {
	return await patientEntries(this, 'customAttributes', entryLists.customAttributes, filter);
}

export async function searchPatientLabels(this: ILoadOptionsFunctions, filter?: string) {
	return await patientEntries(this, 'labels', entryLists.labels, filter);
}
