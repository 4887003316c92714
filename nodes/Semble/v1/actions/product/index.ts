import { resourceDescription } from '../operation';
import * as create from './create.operation';
import * as deleteProduct from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export const option = { name: 'Product', description: 'Treatments, services and stock items' };

export const operations = {
	create,
	delete: deleteProduct,
	get,
	getMany,
	update,
};

export const description = resourceDescription('product', operations, 'getMany');
