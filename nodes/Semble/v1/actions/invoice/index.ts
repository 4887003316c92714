import { resourceDescription } from '../operation';
import * as addPayment from './addPayment.operation';
import * as create from './create.operation';
import * as getMany from './getMany.operation';

export const option = { name: 'Invoice', description: 'Invoices and the payments made against them' };

/** There is no single-invoice query in Semble's API, so there is no "Get" here. */
export const operations = {
	addPayment,
	create,
	getMany,
};

export const description = resourceDescription('invoice', operations, 'getMany');
