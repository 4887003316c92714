import { z } from 'zod';

import { gql } from '../shared/gql';
import { num, text } from './fields';

/**
 * An invoice with its payments. Semble documents only `id` for line items and
 * id/amount/date/comment for payments, so nothing more is selected.
 */
export const INVOICE_FIELDS = gql`
	fragment InvoiceFields on Invoice {
		id
		invoiceNumber
		date
		status
		paidOrOutstanding
		patientId
		doctorId
		location
		lineItems { id }
		payments { id paymentAmount paymentDate comment }
		tax
		total
		outstanding
		refunded
		comments
		extraInfo
		type
		paymentLinkUrl
		dateShared
		createdAt
		updatedAt
	}
`;

export const invoiceSchema = z.object({
	id: z.string(),
	invoiceNumber: num,
	date: text,
	status: text,
	paidOrOutstanding: text,
	patientId: text,
	doctorId: text,
	location: text,
	lineItems: z.array(z.object({ id: text }).nullable()).nullish(),
	payments: z.array(z.object({ id: text, paymentAmount: num, paymentDate: text, comment: text }).nullable()).nullish(),
	tax: num,
	total: num,
	outstanding: num,
	refunded: num,
	comments: text,
	extraInfo: text,
	type: text,
	paymentLinkUrl: text,
	dateShared: text,
	createdAt: text,
	updatedAt: text,
});

/** The invoice as writes select it and answer with it. */
export const invoiceRecord = { fragment: INVOICE_FIELDS, schema: invoiceSchema };
