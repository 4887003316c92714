import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { sembleRequest } from '../../../transport';
import { simplifyProperty } from '../common/simplify';
import { locator, locatorParameter } from '../../../pickers/locators';
import { PATIENT_FIELDS, patientSchema, simplifyPatient } from '../../../records/patient';
import type { OperationOption } from '../operation';

export const GET_PATIENT = gql`
	query GetPatient($id: ID!) {
		patient(id: $id) { ...PatientFields }
	}
	${PATIENT_FIELDS}
`;

const responseSchema = z.object({ patient: patientSchema.nullable() });

export const option: OperationOption = { name: 'Get', description: 'Get a patient by ID', action: 'Get one patient’s details and consent flags by patient ID' };

export const properties: INodeProperties[] = [
	locator('patient'),
	simplifyProperty,
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = inputValidator(this, i).id('Patient', locatorParameter.call(this, 'patientId', i));
	const data = await sembleRequest.call(this, {
		document: GET_PATIENT,
		variables: { id },
		kind: 'read',
		schema: responseSchema,
		itemIndex: i,
	});
	if (!data.patient) {
		throw new NodeOperationError(this.getNode(), `No patient with ID ${id}`, { itemIndex: i });
	}
	const simplify = this.getNodeParameter('simplify', i, true) as boolean;
	return [{ json: simplify ? simplifyPatient(data.patient) : data.patient, pairedItem: { item: i } }];
}
