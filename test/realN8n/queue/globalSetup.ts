import { setUpRealN8n } from '../globalSetup';

/**
 * The queue-mode stage: the pinned n8n on Postgres and Redis, the main process and two
 * workers. Logs at debug, where n8n-core names each poll it starts. A crashed worker's job
 * lock runs out after 20 s and stalled jobs are looked for every 10 s, where n8n's defaults
 * take 60 s and 30 s: the stage sees the same outcome sooner.
 */
export default async function globalSetup(): Promise<void> {
	await setUpRealN8n({
		queueWorkers: 2,
		queueEnv: {
			N8N_LOG_LEVEL: 'debug',
			QUEUE_WORKER_LOCK_DURATION: '20000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
			QUEUE_WORKER_STALLED_INTERVAL: '10000',
		},
	});
}
