import { resourceDescription } from '../operation';
import * as getMany from './getMany.operation';

export const option = { name: 'Label', description: 'Patient labels such as VIP or Insurance' };

export const operations = {
	getMany,
};

export const description = resourceDescription('label', operations, 'getMany');
