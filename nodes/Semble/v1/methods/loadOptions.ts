import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { z } from 'zod';

import { sembleRequest } from '../../transport';
import { GET_NUMBER_TYPES, GET_PAYMENT_TYPES } from '../../pickers/documents';
import { numberTypesSchema } from '../actions/patient/numberTypes';

/** Dropdowns for the practice's short, unpaged lists. Each field also takes an ID by expression. */

const entry = z.object({ id: z.string().nullish(), name: z.string().nullish() });

function toOptions(entries: Array<{ id?: string | null; name?: string | null } | null>): INodePropertyOptions[] {
	return entries
		.filter((e): e is { id: string; name?: string | null } => Boolean(e?.id))
		.map((e) => ({ name: e.name?.trim() || e.id, value: e.id }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** How a patient can pay, e.g. Card, Stripe or GoCardless. */
export async function getPaymentTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const schema = z.object({ practice: z.object({ paymentTypes: z.array(entry.nullable()).nullish() }).nullable() });
	const data: z.infer<typeof schema> = await sembleRequest.call(this, { document: GET_PAYMENT_TYPES, kind: 'read', schema });
	return toOptions(data.practice?.paymentTypes ?? []);
}

/** The practice's patient identifier types, e.g. NHS or Hospital Number (deleted ones left out). */
export async function getNumberTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const data: z.infer<typeof numberTypesSchema> = await sembleRequest.call(this, {
		document: GET_NUMBER_TYPES,
		kind: 'read',
		schema: numberTypesSchema,
	});
	return toOptions((data.practice?.practiceNumbers ?? []).filter((n) => !n?.deleted));
}
