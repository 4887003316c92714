/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: test code runs in plain Node, not inside n8n */

import { readFileSync } from 'node:fs';
import path from 'node:path';

import { renderNodeDocs } from '../../scripts/nodeDocs';

test('docs/nodes/semble.md matches the node (run `npm run docs` after changing an operation)', () => {
	const committed = readFileSync(path.resolve(__dirname, '../../docs/nodes/semble.md'), 'utf8');
	expect(committed).toBe(renderNodeDocs());
});
