import { resourceDescription } from '../operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export const option = { name: 'Staff', description: 'Clinicians and other staff' };

export const operations = {
	get,
	getMany,
};

export const description = resourceDescription('staff', operations, 'getMany');
