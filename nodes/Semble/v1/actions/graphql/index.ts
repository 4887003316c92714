import { resourceDescription } from '../operation';
import * as execute from './execute.operation';

export const option = { name: 'GraphQL', description: 'Run any query or mutation' };

export const operations = {
	execute,
};

export const description = resourceDescription('graphql', operations, 'execute');
