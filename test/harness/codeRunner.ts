/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: test code runs in plain Node */
import { DateTime, Duration, Interval } from 'luxon';
import type { IExecuteFunctions } from 'n8n-workflow';
import vm from 'node:vm';

/**
 * A stand-in for n8n's JavaScript task runner, for templates with Code nodes: n8n 2.x runs a
 * Code node's JavaScript in a runner process (additionalData.startRunnerTask), which this
 * in-process harness does not have. Like the runner, it evaluates the code against the node's
 * workflow data proxy ($input, $json, $('Node'), $now…) plus $getWorkflowStaticData, in a vm
 * context; Code's own result validation then normalises what it returns. "Run Once for All
 * Items" only, which is what the templates use. The real-n8n stage runs the real runner.
 */
export async function startRunnerTask(
	_additionalData: unknown,
	_jobType: string,
	settings: { code: string; nodeMode: string },
	executeFunctions: IExecuteFunctions,
): Promise<{ ok: true; result: unknown } | { ok: false; error: { message: string; stack?: string } }> {
	if (settings.nodeMode !== 'runOnceForAllItems') {
		return { ok: false, error: { message: `The test harness runs Code nodes in "Run Once for All Items" mode only` } };
	}
	const proxy = executeFunctions.getWorkflowDataProxy(0);
	const context = vm.createContext({
		...Object.fromEntries(
			['$input', '$json', '$', '$now', '$today', '$workflow', '$execution', '$node'].map((name) => [name, proxy[name]]),
		),
		$getWorkflowStaticData: (type: string) => executeFunctions.getWorkflowStaticData(type),
		DateTime,
		Duration,
		Interval,
		console,
	});
	try {
		const result: unknown = await vm.runInContext(`(async () => {\n${settings.code}\n})()`, context);
		return { ok: true, result };
	} catch (error) {
		return { ok: false, error: { message: (error as Error).message, stack: (error as Error).stack } };
	}
}
