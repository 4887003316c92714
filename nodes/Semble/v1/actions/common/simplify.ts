import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { z } from 'zod';

import type { PagedRequest } from '../../../shared/pagination';
import { fetchPages } from '../../../shared/pagination';

/** n8n's standard Simplify toggle (on by default, as n8n's conventions require). */
export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

/** One way to list a record: the list query, the shape of a row and the item made from it. */
interface ListShape<T extends z.ZodTypeAny> {
	document: string;
	item: T;
	output: (row: z.infer<T>) => IDataObject;
}

/**
 * A Get Many that honours Simplify: with it on, Semble is asked only for what the simplified
 * record shows (less patient data sent, less to read); off, for the full record.
 */
export async function fetchSimplifiable<Full extends z.ZodTypeAny, Simple extends z.ZodTypeAny>(
	context: IExecuteFunctions,
	i: number,
	request: Omit<PagedRequest<z.ZodTypeAny>, 'document' | 'item'>,
	shapes: { full: ListShape<Full>; simple: ListShape<Simple> },
): Promise<IDataObject[]> {
	const shape = (context.getNodeParameter('simplify', i, true) as boolean) ? shapes.simple : shapes.full;
	return (await fetchPages(context, { ...request, document: shape.document, item: shape.item })).map(shape.output);
}
