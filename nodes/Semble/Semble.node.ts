// First: on an n8n too old for this package, fail at load with a plain message.
import './shared/supportedN8n';

import type { INodeTypeBaseDescription, IVersionedNodeType } from 'n8n-workflow';
import { VersionedNodeType } from 'n8n-workflow';

import { SembleV1 } from './v1/SembleV1';

export class Semble extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Semble',
			name: 'semble',
			icon: { light: 'file:semble.svg', dark: 'file:semble.dark.svg' },
			group: ['transform'],
			description: 'Read and update patients, bookings and invoices in Semble, the UK practice-management system',
			defaultVersion: 1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {
			1: new SembleV1(baseDescription),
		};
		super(nodeVersions, baseDescription);
	}
}
