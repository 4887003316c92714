import type { INodeTypeBaseDescription, IVersionedNodeType } from 'n8n-workflow';
import { VersionedNodeType } from 'n8n-workflow';

import { SembleV1 } from './v1/SembleV1.node';

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
			1: new SembleV1(),
		};
		super(nodeVersions, baseDescription);
	}
}
