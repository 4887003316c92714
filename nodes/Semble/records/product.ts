import { z } from 'zod';

import { gql } from '../shared/gql';
import { flag, num, text } from './fields';

/** A product (a treatment, service or stock item; bookable products are appointment types). */
export const PRODUCT_FIELDS = gql`
	fragment ProductFields on Product {
		id
		name
		productType
		itemCode
		price
		cost
		tax { taxName taxRate taxCode }
		stockLevel
		isBookable
		duration
		color
		isVideoConsultation
		requiresPayment
		requiresConfirmation
		comments
		createdAt
		updatedAt
	}
`;

export const productSchema = z.object({
	id: z.string(),
	name: text,
	// An enum whose values are not documented: kept as an open string.
	productType: text,
	itemCode: text,
	price: num,
	cost: num,
	tax: z.object({ taxName: text, taxRate: num, taxCode: text }).nullish(),
	stockLevel: num,
	isBookable: flag,
	duration: num,
	color: text,
	isVideoConsultation: flag,
	requiresPayment: flag,
	requiresConfirmation: flag,
	comments: text,
	createdAt: text,
	updatedAt: text,
});

/** The product as writes select it and answer with it. */
export const productRecord = { fragment: PRODUCT_FIELDS, schema: productSchema };
