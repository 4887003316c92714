/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: runs n8n's verification scanner from outside */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import {
	describeProblems,
	installScanner,
	packedPackage,
	scanLeg,
	sourceCheckout,
} from '../../scripts/verificationScan';

/**
 * n8n 3 installs only verified community packages by default, and verification runs
 * @n8n/scan-community-package: both of its legs must be clean, warnings included.
 * The scanner lives outside our dependency tree (scripts/install-scanner.sh).
 */

jest.setTimeout(180_000);

let scanner: string;
beforeAll(() => {
	scanner = installScanner();
});

test('the attested source passes the scan with no errors and no warnings', () => {
	const result = scanLeg(scanner, 'source', sourceCheckout());
	expect(describeProblems(result)).toEqual([]);
	expect(result.passed).toBe(true);
	expect(result.filesScanned).toBeGreaterThan(50);
});

test('the packed tarball passes the scan with no errors and no warnings', () => {
	const result = scanLeg(scanner, 'tarball', packedPackage());
	expect(describeProblems(result)).toEqual([]);
	expect(result.passed).toBe(true);
	expect(result.filesScanned).toBeGreaterThanOrEqual(6);
});

test('the scan fails a source that logs, names a missing icon, or leaves a .node.ts unregistered', () => {
	const source = sourceCheckout();
	const trigger = path.join(source, 'nodes/Semble/SembleTrigger.node.ts');
	writeFileSync(trigger, readFileSync(trigger, 'utf8').replace("'file:semble.svg'", "'file:missing.svg'"));
	appendFileSync(path.join(source, 'nodes/Semble/transport/index.ts'), '\nconsole.log("patient");\n');
	writeFileSync(path.join(source, 'nodes/Semble/v1/Stray.node.ts'), 'export const stray = 1;\n');
	const result = scanLeg(scanner, 'source', source);
	expect(result.passed).toBe(false);
	expect(result.problems.map((problem) => problem.rule)).toEqual(
		expect.arrayContaining([
			'@n8n/community-nodes/icon-validation',
			'no-console',
			'@n8n/community-nodes/node-registration-complete',
		]),
	);
});
