import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { listQuery } from '../../../shared/pagination';
import { limitOf, returnAllOrLimit } from '../common/limit';
import { inputValidator } from '../../../shared/validation';
import { fetchSimplifiable, simplifyProperty } from '../common/simplify';
import {
	PATIENT_FIELDS,
	SIMPLE_PATIENT_FIELDS,
	patientSchema,
	simplePatientSchema,
	simplifyPatient,
} from '../../../records/patient';
import type { OperationOption } from '../operation';
import { collection } from '../../../shared/collections';
import { NO_PATIENT_MATCHED, hintOnce } from '../common/hints';

const ARGS = { search: 'String', options: 'QueryOptions' };
export const GET_PATIENTS = listQuery('GetPatients', 'patients', ARGS, PATIENT_FIELDS);
/** With Simplify on, only what the simplified patient shows is asked for. */
export const GET_SIMPLE_PATIENTS = listQuery('GetSimplePatients', 'patients', ARGS, SIMPLE_PATIENT_FIELDS);

export const option: OperationOption = {
	name: 'Get Many',
	description: 'List or search patients',
	action: 'Search patients by name, email or phone, or list patients changed since a time',
};

export const properties: INodeProperties[] = [
	...returnAllOrLimit,
	collection('filters', [
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
	]),
	simplifyProperty,
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const limit = limitOf(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as {
		search?: string;
		updatedAfter?: string;
		updatedBefore?: string;
	};
	const input = inputValidator(this, i);
	const options: Record<string, unknown> = {};
	if (filters.updatedAfter || filters.updatedBefore) {
		options.updatedAt = {
			start: filters.updatedAfter ? input.dateTime('Updated After', filters.updatedAfter) : undefined,
			end: filters.updatedBefore ? input.dateTime('Updated Before', filters.updatedBefore) : undefined,
		};
	}
	const request = { variables: { search: filters.search || undefined, options }, field: 'patients', limit, itemIndex: i };
	const patients = await fetchSimplifiable(this, i, request, {
		full: { document: GET_PATIENTS, item: patientSchema, output: (patient) => patient },
		simple: { document: GET_SIMPLE_PATIENTS, item: simplePatientSchema, output: simplifyPatient },
	});
	if (patients.length === 0 && filters.search) hintOnce(this, NO_PATIENT_MATCHED);
	return patients.map((patient) => ({ json: patient, pairedItem: { item: i } }));
}
