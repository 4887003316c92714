import { resourceDescription } from '../operation';
import * as checkDataQuality from './checkDataQuality.operation';
import * as convertToFhir from './convertToFhir.operation';
import * as detectConflicts from './detectConflicts.operation';

export const option = {
	name: 'Data Tool',
	description:
		'Check a patient record’s quality, compare it with a CRM record, or convert records to FHIR, without contacting Semble',
};

/** Tools that work on the items they are given: no request is made to Semble. */
export const operations = {
	checkDataQuality,
	convertToFhir,
	detectConflicts,
};

export const description = resourceDescription('dataTools', operations, 'checkDataQuality');
