/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- not shipped: runs n8n's verification scanner from outside */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * n8n's verification scan (`@n8n/scan-community-package`), both legs, run here the way n8n
 * runs it after the provenance check: its rule set over the attested source (package.json,
 * nodes/, credentials/) and over the published tarball (its .js files and package.json).
 * `npm run scan` prints the result; test/package/verificationScan.test.ts holds CI to it.
 */

export interface ScanProblem {
	file: string;
	line: number;
	severity: 'error' | 'warning';
	rule: string | null;
	message: string;
}

export interface ScanLeg {
	leg: 'source' | 'tarball';
	passed: boolean;
	message: string | null;
	filesScanned: number;
	problems: ScanProblem[];
}

const root = path.resolve(__dirname, '..');

export function installScanner(): string {
	return execFileSync('bash', [path.join(root, 'scripts/install-scanner.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	}).trim();
}

/** What n8n downloads from the commit the provenance names: the files git tracks (and new ones). */
export function sourceCheckout(): string {
	const target = mkdtempSync(path.join(tmpdir(), 'semble-scan-source-'));
	const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
		cwd: root,
		encoding: 'utf8',
	})
		.split('\0')
		.filter(Boolean);
	for (const file of files) cpSync(path.join(root, file), path.join(target, file), { recursive: true });
	return target;
}

/** What n8n downloads from the registry: the packed package, unpacked (needs `npm run build`). */
export function packedPackage(): string {
	const target = mkdtempSync(path.join(tmpdir(), 'semble-scan-tarball-'));
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', target], { cwd: root, encoding: 'utf8' }),
	) as Array<{ filename: string }>;
	const unpacked = path.join(target, 'package');
	mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', path.join(target, packed.filename), '-C', unpacked, '--strip-components=1']);
	return unpacked;
}

export function scanLeg(scannerDir: string, leg: ScanLeg['leg'], folder: string): ScanLeg {
	// eslint-plugin-n8n-nodes-base turns its file-name rules off when NODE_ENV is "test",
	// which jest sets; n8n's scan runs without it.
	const env = { ...process.env };
	delete env.NODE_ENV;
	const output = execFileSync(
		process.execPath,
		[path.join(root, 'scripts/verification-scan.mjs'), scannerDir, leg, folder],
		{ encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'inherit'] },
	);
	return JSON.parse(output) as ScanLeg;
}

export const describeProblems = (result: ScanLeg): string[] =>
	result.problems.map((p) => `${result.leg}: ${p.file}:${p.line} ${p.severity} ${p.rule ?? ''} ${p.message}`);

if (require.main === module) {
	const scanner = installScanner();
	const results = [scanLeg(scanner, 'source', sourceCheckout()), scanLeg(scanner, 'tarball', packedPackage())];
	for (const result of results) {
		const verdict = result.passed && result.problems.length === 0 ? 'clean' : result.passed ? 'passed with warnings' : 'FAILED';
		process.stdout.write(`${result.leg}: ${verdict} (${result.filesScanned} files)\n`);
		for (const line of describeProblems(result)) process.stdout.write(`  ${line}\n`);
	}
	process.exitCode = results.every((result) => result.passed && result.problems.length === 0) ? 0 : 1;
}
