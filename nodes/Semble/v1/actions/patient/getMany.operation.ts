import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { gql } from '../../../shared/gql';
import type { PageOf } from '../../../shared/pagination';
import { fetchPages } from '../../../shared/pagination';
import { inputValidator } from '../../../shared/validation';
import type { Patient } from './patient.fields';
import { PATIENT_FIELDS, patientSchema } from './patient.fields';

export const GET_PATIENTS = gql`
	query GetPatients($search: String, $pagination: Pagination, $options: QueryOptions) {
		patients(search: $search, pagination: $pagination, options: $options) {
			data { ...PatientFields }
			pageInfo { hasMore }
		}
	}
	${PATIENT_FIELDS}
`;

const responseSchema = z.object({
	patients: z
		.object({
			data: z.array(patientSchema.nullable()).nullable(),
			pageInfo: z.object({ hasMore: z.boolean().nullish() }).nullable(),
		})
		.nullable(),
});

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				description: 'Matches name, email or date of birth (YYYY-MM-DD)',
			},
			{
				displayName: 'Updated After',
				name: 'updatedAfter',
				type: 'dateTime',
				default: '',
				description: 'Only patients changed at or after this time (practice time if no zone is given)',
			},
			{
				displayName: 'Updated Before',
				name: 'updatedBefore',
				type: 'dateTime',
				default: '',
				description: 'Only patients changed at or before this time',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['patient'], operation: ['getMany'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i) as number);
	const filters = this.getNodeParameter('filters', i, {}) as {
		search?: string;
		updatedAfter?: string;
		updatedBefore?: string;
	};
	const input = inputValidator(this.getNode(), i);
	const options: Record<string, unknown> = {};
	if (filters.updatedAfter || filters.updatedBefore) {
		options.updatedAt = {
			start: filters.updatedAfter ? input.dateTime('Updated After', filters.updatedAfter) : undefined,
			end: filters.updatedBefore ? input.dateTime('Updated Before', filters.updatedBefore) : undefined,
		};
	}
	const patients = await fetchPages(this, {
		document: GET_PATIENTS,
		variables: { search: filters.search || undefined, options },
		schema: responseSchema,
		select: (data): PageOf<Patient> | null => data.patients,
		limit,
		itemIndex: i,
	});
	return patients.map((patient) => ({ json: patient, pairedItem: { item: i } }));
}
