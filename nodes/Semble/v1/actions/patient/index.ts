import { resourceDescription } from '../operation';
import * as addAttribute from './addAttribute.operation';
import * as addLabel from './addLabel.operation';
import * as addNumber from './addNumber.operation';
import * as addPhone from './addPhone.operation';
import * as archive from './archive.operation';
import * as create from './create.operation';
import * as deletePatient from './delete.operation';
import * as findDuplicates from './findDuplicates.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as removeAttribute from './removeAttribute.operation';
import * as removeLabel from './removeLabel.operation';
import * as removeNumber from './removeNumber.operation';
import * as removePhone from './removePhone.operation';
import * as unarchive from './unarchive.operation';
import * as update from './update.operation';
import * as updateAttribute from './updateAttribute.operation';
import * as updateNumber from './updateNumber.operation';
import * as updatePhone from './updatePhone.operation';

export const option = { name: 'Patient' };

export const operations = {
	addAttribute,
	addLabel,
	addNumber,
	addPhone,
	archive,
	create,
	delete: deletePatient,
	findDuplicates,
	get,
	getMany,
	removeAttribute,
	removeLabel,
	removeNumber,
	removePhone,
	unarchive,
	update,
	updateAttribute,
	updateNumber,
	updatePhone,
};

export const description = resourceDescription('patient', operations, 'get');
