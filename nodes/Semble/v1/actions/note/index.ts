import { resourceDescription } from '../operation';
import * as create from './create.operation';
import * as update from './update.operation';

export const option = { name: 'Note', description: 'Notes on a patient’s record' };

export const operations = {
	create,
	update,
};

export const description = resourceDescription('note', operations, 'create');
