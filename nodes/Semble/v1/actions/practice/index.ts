import { resourceDescription } from '../operation';
import * as get from './get.operation';

export const option = { name: 'Practice', description: 'Rooms, sites, appointment types and payment types' };

export const operations = {
	get,
};

export const description = resourceDescription('practice', operations, 'get');
