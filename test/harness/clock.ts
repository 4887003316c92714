/**
 * Fakes Date only, so a trigger and the sandbox share one clock the test moves
 * (jest.setSystemTime), while timers, retries' backoff and performance.now stay real.
 */
export function fakeDateOnly(now: number) {
	jest.useFakeTimers({
		now,
		doNotFake: [
			'setTimeout',
			'clearTimeout',
			'setInterval',
			'clearInterval',
			'setImmediate',
			'clearImmediate',
			'nextTick',
			'queueMicrotask',
			'hrtime',
			'performance',
		],
	});
}
