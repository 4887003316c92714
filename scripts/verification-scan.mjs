// Not shipped: runs n8n's verification scanner from outside n8n.
// One leg of n8n's verification scan, with the scanner's own code and rule set.
// Usage: node verification-scan.mjs <scanner folder> <source|tarball> <folder to scan>
// Prints JSON: the scanner's verdict (analyzePackage) plus every problem, warnings included
// (the scanner's verdict counts errors only).
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [scannerDir, leg, folder] = process.argv.slice(2);
const scannerFile = path.join(scannerDir, 'node_modules/@n8n/scan-community-package/scanner/scanner.mjs');
const scanner = await import(pathToFileURL(scannerFile).href);
// The two legs of `analyzePackageByName`: the attested source, and the published tarball.
const patterns = leg === 'source' ? scanner.SOURCE_FILE_PATTERNS : ['**/*.js', 'package.json'];

const verdict = await scanner.analyzePackage(folder, patterns);

const requireFromScanner = createRequire(scannerFile);
const { ESLint } = await import(pathToFileURL(requireFromScanner.resolve('eslint')).href);
const glob = requireFromScanner('fast-glob');
const eslint = new ESLint({
	cwd: folder,
	allowInlineConfig: false,
	overrideConfigFile: true,
	overrideConfig: await scanner.buildScanConfig(),
});
const files = glob.sync(patterns, { cwd: folder, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
const problems = (await eslint.lintFiles(files)).flatMap((result) =>
	result.messages.map((message) => ({
		file: path.relative(folder, result.filePath),
		line: message.line,
		severity: message.severity === 2 ? 'error' : 'warning',
		rule: message.ruleId,
		message: message.message,
	})),
);
process.stdout.write(
	JSON.stringify({ leg, passed: verdict.passed, message: verdict.message ?? null, filesScanned: files.length, problems }),
);
