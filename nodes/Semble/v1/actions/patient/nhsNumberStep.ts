import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { isNhsNumberName } from '../../../records/patient';
import { inputValidator } from '../../../shared/validation';
import type { MutationCall, SecondStep } from '../mutation';
import { writeOne } from '../mutation';
import { mutation as addNumber } from './addNumber.operation';
import { mutation as updateNumber } from './updateNumber.operation';
import { currentNumbers, nhsNumberTypeId } from './numberTypes';

/**
 * The NHS number of Patient › Create and Update. Semble's createPatient and updatePatient
 * have no such argument, so it is a second write right after the first, for the same item:
 * addPatientNumber, or updatePatientNumber when the patient already has an NHS number.
 */

type NhsNumber = { numberId: string; value: string };

/** Item `i`'s NHS number, checked, with the practice's NHS number type; undefined when not given. */
export async function nhsNumberOf(context: IExecuteFunctions, i: number, values: IDataObject) {
	if (!values.nhsNumber) return undefined;
	const value = inputValidator(context, i).nhsNumber('NHS Number', String(values.nhsNumber));
	const numberId = value ? await nhsNumberTypeId(context, i) : undefined;
	return numberId ? ({ numberId, value } satisfies NhsNumber) : undefined;
}

const digits = (value: unknown) => String(value ?? '').replace(/\D/g, '');

export const nhsNumberStep: SecondStep = {
	record: 'patient',
	what: 'NHS number',
	remedy: 'Add it with Patient › Add Number, or fix it and run this item again.',
	input: 'nhsNumber',
	async run(this: IExecuteFunctions, patient: IDataObject, call: MutationCall, i: number) {
		const { numberId, value } = call.nhsNumber as NhsNumber;
		const patientId = String(patient.id);
		// The first write's answer lists the numbers; a retry reads them afresh (the step may have half-run).
		const numbers = Array.isArray(patient.numbers)
			? (patient.numbers as IDataObject[])
			: await currentNumbers(this, patientId, i);
		const current = numbers.find((number) => number && isNhsNumberName(number.name));
		if (current && digits(current.value) === value) return patient;
		if (current) {
			return await writeOne(this, updateNumber, { patientId, patientNumberId: current.id, value }, i);
		}
		return await writeOne(this, addNumber, { patientId, patientNumber: { numberId, value } }, i);
	},
};
