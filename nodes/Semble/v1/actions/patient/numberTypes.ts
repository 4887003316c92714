import type { IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { flag, text } from '../../../records/fields';
import { isNhsNumberName } from '../../../records/patient';
import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { sembleRequest } from '../../../transport';
import { GET_NUMBER_TYPES } from '../../../pickers/documents';
import { perRun } from '../common/perRun';

/**
 * Which identifier type is the NHS number, read from Semble once per run. The practice names
 * its types (Semble's `practiceNumbers`); a type whose name or idType mentions NHS is the NHS
 * number, the same rule that finds a patient's NHS number in its `numbers`.
 */

export const numberTypesSchema = z.object({
	practice: z
		.object({
			practiceNumbers: z
				.array(z.object({ id: z.string(), name: text, idType: text, primary: flag, deleted: flag }).nullable())
				.nullish(),
		})
		.nullable(),
});

type NumberType = { id: string; name?: string | null; idType?: string | null; primary?: boolean | null };

const isNhsType = (type: NumberType) => isNhsNumberName(type.name) || isNhsNumberName(type.idType);

async function numberTypes(context: IExecuteFunctions, itemIndex: number): Promise<NumberType[]> {
	return await perRun(context, 'numberTypes', async () => {
		const answer: z.infer<typeof numberTypesSchema> = await sembleRequest.call(context, {
			document: GET_NUMBER_TYPES,
			kind: 'read',
			schema: numberTypesSchema,
			itemIndex,
		});
		return (answer.practice?.practiceNumbers ?? []).filter((type): type is NumberType => !!type && !type.deleted);
	});
}

/** The practice's NHS number type for item `i`; a problem of the item when there is none. */
export async function nhsNumberTypeId(context: IExecuteFunctions, i: number): Promise<string | undefined> {
	const nhs = (await numberTypes(context, i)).filter(isNhsType);
	const type = nhs.find((candidate) => candidate.primary) ?? nhs[0];
	if (!type) {
		inputValidator(context, i).problem(
			'NHS Number',
			'this practice has no NHS number type in Semble (a patient number type named NHS); add one in Semble, or save the number with Patient › Add Number',
		);
	}
	return type?.id;
}

/** Whether the number type picked for item `i` is the NHS number. */
export async function isNhsNumberType(context: IExecuteFunctions, typeId: string, i: number): Promise<boolean> {
	const type = (await numberTypes(context, i)).find((candidate) => candidate.id === typeId);
	if (!type) inputValidator(context, i).problem('Number Type', 'is not one of this practice’s number types in Semble');
	return !!type && isNhsType(type);
}

export const PATIENT_NUMBERS = gql`
	query PatientNumbers($id: ID!) {
		patient(id: $id) { id numbers { id name value } }
	}
`;

const patientNumbersSchema = z.object({
	patient: z
		.object({
			id: z.string(),
			numbers: z.array(z.object({ id: z.string(), name: text, value: text }).nullable()).nullish(),
		})
		.nullable(),
});

/** Whether the patient's number `numberId` is their NHS number (Update Number); a problem when they have no such number. */
export async function isNhsNumberEntry(context: IExecuteFunctions, patientId: string, numberId: string, i: number) {
	const numbers = await perRun(context, `patientNumbers:${patientId}`, async () => await currentNumbers(context, patientId, i));
	const entry = numbers.find((number) => number.id === numberId);
	if (!entry)
		inputValidator(context, i).problem(
			'Identifier',
			'the patient has no number with this ID (see "numbers" in Patient › Get)',
		);
	return !!entry && isNhsNumberName(entry.name);
}

/** The patient's numbers as Semble has them now (not kept for the run: the NHS step's retry needs the truth). */
export async function currentNumbers(context: IExecuteFunctions, patientId: string, i: number) {
	const answer: z.infer<typeof patientNumbersSchema> = await sembleRequest.call(context, {
		document: PATIENT_NUMBERS,
		variables: { id: patientId },
		kind: 'read',
		schema: patientNumbersSchema,
		itemIndex: i,
	});
	return (answer.patient?.numbers ?? []).filter((number): number is NonNullable<typeof number> => !!number);
}
