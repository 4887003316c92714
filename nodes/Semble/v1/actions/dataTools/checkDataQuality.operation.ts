import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { QualityOptions } from './quality';
import { DEFAULT_QUALITY_OPTIONS, checkDataQuality, thresholdProblem } from './quality';
import { inputValidator } from '../../../shared/validation';
import type { OperationOption } from '../operation';
import { collection } from '../../../shared/collections';
import { itemParameter, nodeOf } from '../common/itemParameters';

export const option: OperationOption = {
	name: 'Check Data Quality',
	description: 'Score a patient record from 0 to 100 and route it to sync, review or manual fixing',
	action: 'Score how complete and valid a patient record is before syncing it',
};

export const properties: INodeProperties[] = [
	{
		displayName:
			'Scores a patient record from 0 to 100 without contacting Semble and adds "dataQuality" (score, issues, isValid, route) to the item. Then add a Switch on dataQuality.route: "sync", "review" or "manual".',
		name: 'checkDataQualityNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Patient',
		name: 'patient',
		type: 'json',
		default: '={{ $json }}',
		description:
			'The patient record to check. By default the incoming item: a patient from Patient › Get or Get Many, simplified or not.',
	},
	collection('options', [
			{
				displayName: 'Require NHS Number',
				name: 'requireNhsNumber',
				type: 'boolean',
				default: false,
				description:
					'Whether a missing NHS number is an error costing 15 points. Off: it is a warning costing 5 (an NHS number that is present but wrong always costs 15).',
			},
			{
				displayName: 'Review Threshold',
				name: 'reviewThreshold',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100 },
				default: 60,
				description: 'A score at or above this (and below the Sync Threshold) routes to review; below it, to manual',
			},
			{
				displayName: 'Sync Threshold',
				name: 'syncThreshold',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100 },
				default: 80,
				description:
					'A score at or above this routes to sync, unless the record has an error (a wrong email, phone, NHS number or date of birth, or a missing name): that goes to review at best',
			},
		]),
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const node = nodeOf(this);
	const patient = inputValidator(this, i).jsonObject('Patient', itemParameter(this, 'patient', i));
	const given = itemParameter<Partial<QualityOptions>>(this, 'options', i, {});
	const options: QualityOptions = {
		syncThreshold: Number(given.syncThreshold ?? DEFAULT_QUALITY_OPTIONS.syncThreshold),
		reviewThreshold: Number(given.reviewThreshold ?? DEFAULT_QUALITY_OPTIONS.reviewThreshold),
		requireNhsNumber: Boolean(given.requireNhsNumber ?? DEFAULT_QUALITY_OPTIONS.requireNhsNumber),
	};
	const problem = thresholdProblem(options);
	if (problem) throw new NodeOperationError(node, `Invalid thresholds in item ${i}: ${problem}`, { itemIndex: i });
	const dataQuality = checkDataQuality(patient, options);
	const item = this.getInputData()[i];
	return [{ json: { ...item.json, dataQuality: dataQuality as unknown as IDataObject }, pairedItem: { item: i } }];
}
